// Authentication as json.mvc performs it (docs/MIVA.md §2.2-§2.4), in the server's order:
// token lookup, (IP: allow-all here), disabled, timestamp window, then the HMAC over the exact raw
// body bytes with the base64-decoded signing key.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { must } from '../common/must';

export interface TokenConfig {
  token: string;
  /** Base64, as the admin shows it. */
  signingKey: string;
  enabled: boolean;
  requireTimestamp: boolean;
  requireSignature: boolean;
  timestampWindowSeconds: number;
}

export type AuthOutcome = { ok: true; type: string } | { ok: false; message: string };

const DIGESTS: Record<string, 'sha1' | 'sha256'> = {
  'MIVA-HMAC-SHA1': 'sha1',
  'MIVA-HMAC-SHA256': 'sha256',
};

/** Re-pads a base64 key whose length is not a multiple of 4 (some clients strip the padding). */
function decodeKey(b64: string): Buffer {
  const padded = b64.length % 4 === 0 ? b64 : b64 + '='.repeat(4 - (b64.length % 4));
  return Buffer.from(padded, 'base64');
}

export function sign(
  rawBody: Buffer | string,
  signingKeyB64: string,
  digest: 'sha1' | 'sha256' = 'sha256',
): string {
  return createHmac(digest, decodeKey(signingKeyB64)).update(rawBody).digest('base64');
}

export function authenticate(
  header: string | undefined,
  rawBody: Buffer,
  timestamp: unknown,
  token: TokenConfig,
  nowSeconds: number,
): AuthOutcome {
  const value = (header ?? '').trim();
  const space = value.indexOf(' ');
  const type = (space < 0 ? value : value.slice(0, space)).toUpperCase();
  const rest = space < 0 ? '' : value.slice(space + 1).trim();

  if (type === 'MIVA' || type in DIGESTS) {
    const colon = rest.indexOf(':');
    const credential = colon < 0 ? rest : rest.slice(0, colon);
    const signature = colon < 0 ? '' : rest.slice(colon + 1);
    if (credential === '' || credential !== token.token) {
      return { ok: false, message: 'Access denied' };
    }
    if (!token.enabled) {
      return { ok: false, message: 'Token is disabled' };
    }
    if (token.requireTimestamp) {
      if (timestamp === undefined || timestamp === null || timestamp === '') {
        return { ok: false, message: 'Missing required timestamp' };
      }
      const ts = Number(timestamp);
      if (!Number.isFinite(ts) || Math.abs(ts - nowSeconds) > token.timestampWindowSeconds) {
        return { ok: false, message: 'Timestamp outside configured window' };
      }
    }
    if (token.requireSignature) {
      if (type === 'MIVA') {
        // Miva's own wording for "this token requires a signature".
        return { ok: false, message: 'Timestamp requires request signature' };
      }
      const expected = createHmac(must(DIGESTS[type], 'a digest'), decodeKey(token.signingKey))
        .update(rawBody)
        .digest();
      const given = Buffer.from(signature, 'base64');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, message: 'Invalid request signature' };
      }
    }
    return { ok: true, type };
  }
  if (type === 'SSH-RSA-SHA2-256' || type === 'SSH-RSA-SHA2-512') {
    // No admin user with an SSH key exists in the simulator.
    return { ok: false, message: 'Access denied' };
  }
  return { ok: false, message: 'Unrecognized authorization type' };
}
