import { randomBytes } from 'node:crypto';
import { CredentialVault } from './credential-vault';

describe('CredentialVault', () => {
  const credentials = {
    accessToken: 'tok-123456',
    signingKey: 'c2VjcmV0',
    paymentPassphrase: 'pass',
  };

  it('round-trips credentials and never stores them in plaintext', () => {
    const vault = new CredentialVault(randomBytes(32));
    const sealed = vault.seal(credentials);
    expect(sealed.toString('latin1')).not.toContain('tok-123456');
    expect(sealed.toString('latin1')).not.toContain('c2VjcmV0');
    expect(vault.open(sealed)).toEqual(credentials);
  });

  it('uses a fresh IV each time and refuses another key or a tampered blob', () => {
    const vault = new CredentialVault(randomBytes(32));
    const a = vault.seal(credentials);
    expect(a.equals(vault.seal(credentials))).toBe(false);
    expect(() => new CredentialVault(randomBytes(32)).open(a)).toThrow();
    const tampered = Buffer.from(a);
    tampered[tampered.length - 1] ^= 1;
    expect(() => vault.open(tampered)).toThrow();
  });
});
