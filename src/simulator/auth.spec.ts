import { authenticate, sign, type TokenConfig } from './auth';

const key = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
const token: TokenConfig = {
  token: 'tok123',
  signingKey: key,
  enabled: true,
  requireTimestamp: true,
  requireSignature: true,
  timestampWindowSeconds: 60,
};
const now = 1_800_000_000;
const body = Buffer.from(
  JSON.stringify({ Miva_Request_Timestamp: now, Function: 'MivaMerchantVersion' }),
);
const hdr = (
  type: string,
  sig = sign(body, key, type.endsWith('SHA1') ? 'sha1' : 'sha256'),
): string => `${type} tok123:${sig}`;

describe('authentication (§1.3)', () => {
  it('accepts HMAC-SHA256 and HMAC-SHA1 over the raw body', () => {
    expect(authenticate(hdr('MIVA-HMAC-SHA256'), body, now, token, now)).toEqual({
      ok: true,
      type: 'MIVA-HMAC-SHA256',
    });
    expect(authenticate(hdr('MIVA-HMAC-SHA1'), body, now, token, now)).toEqual({
      ok: true,
      type: 'MIVA-HMAC-SHA1',
    });
    expect(authenticate(hdr('miva-hmac-sha256'), body, String(now), token, now).ok).toBe(true);
  });

  it('accepts a key whose base64 padding was stripped', () => {
    const t = { ...token, signingKey: key.replace(/=+$/, '') };
    expect(authenticate(hdr('MIVA-HMAC-SHA256'), body, now, t, now).ok).toBe(true);
  });

  it("refuses with Miva's messages, in the server's order", () => {
    const fail = (
      h: string | undefined,
      ts: unknown = now,
      t: TokenConfig = token,
      b: Buffer = body,
    ): string => {
      const r = authenticate(h, b, ts, t, now);
      return r.ok ? 'ok' : r.message;
    };
    expect(fail('MIVA-HMAC-SHA256 other:abc')).toBe('Access denied');
    expect(fail(hdr('MIVA-HMAC-SHA256'), now, { ...token, enabled: false })).toBe(
      'Token is disabled',
    );
    expect(authenticate(hdr('MIVA-HMAC-SHA256'), body, undefined, token, now)).toEqual({
      ok: false,
      message: 'Missing required timestamp',
    });
    expect(fail(hdr('MIVA-HMAC-SHA256'), '')).toBe('Missing required timestamp');
    expect(fail(hdr('MIVA-HMAC-SHA256'), now - 61)).toBe('Timestamp outside configured window');
    expect(fail(hdr('MIVA-HMAC-SHA256'), now + 61)).toBe('Timestamp outside configured window');
    expect(fail(hdr('MIVA-HMAC-SHA256'), now - 60)).toBe('ok');
    expect(fail('MIVA tok123')).toBe('Timestamp requires request signature');
    expect(fail(hdr('MIVA-HMAC-SHA256', sign(body, Buffer.from('wrong').toString('base64'))))).toBe(
      'Invalid request signature',
    );
    expect(fail(hdr('MIVA-HMAC-SHA256'), now, token, Buffer.concat([body, Buffer.from(' ')]))).toBe(
      'Invalid request signature',
    );
    expect(fail(hdr('MIVA-HMAC-SHA1', sign(body, key, 'sha256')))).toBe(
      'Invalid request signature',
    );
    expect(fail('BEARER tok123')).toBe('Unrecognized authorization type');
    expect(fail('SSH-RSA-SHA2-256 dXNlcg==:sig')).toBe('Access denied');
  });

  it('skips checks the token does not require', () => {
    const lax = { ...token, requireSignature: false, requireTimestamp: false };
    expect(authenticate('MIVA tok123', body, undefined, lax, now).ok).toBe(true);
    expect(authenticate('MIVA-HMAC-SHA256 tok123:garbage', body, undefined, lax, now).ok).toBe(
      true,
    );
  });
});
