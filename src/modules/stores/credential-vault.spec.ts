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
    const last = tampered.length - 1;
    tampered[last] = (tampered[last] ?? 0) ^ 1;
    expect(() => vault.open(tampered)).toThrow();
  });

  it('names SECRET_KEY when credentials do not open with this key', () => {
    const sealed = new CredentialVault(randomBytes(32)).seal(credentials);
    const other = new CredentialVault(randomBytes(32));
    expect(() => other.open(sealed)).toThrow(/cannot be decrypted with this SECRET_KEY/);
    expect(other.canOpen(sealed)).toBe(false);
  });

  it('has a key check value that tells keys apart and does not contain the key', () => {
    const key = randomBytes(32);
    const check = new CredentialVault(key).keyCheck();
    expect(check).toMatch(/^[0-9a-f]{64}$/);
    expect(new CredentialVault(Buffer.from(key)).keyCheck()).toBe(check);
    expect(new CredentialVault(randomBytes(32)).keyCheck()).not.toBe(check);
    expect(check).not.toContain(key.toString('hex'));
  });
});
