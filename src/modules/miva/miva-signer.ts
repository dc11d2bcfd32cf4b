import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { MivaError, MivaErrorKind } from './miva-errors';

/** `sha256` (default) → MIVA-HMAC-SHA256, `sha1` → MIVA-HMAC-SHA1, `none` → plain `MIVA <token>`. */
export type MivaSignatureDigest = 'sha256' | 'sha1' | 'none';

export interface MivaCredentials {
  accessToken: string;
  /** Base64 as Miva's admin shows it; missing `=` padding and base64url are tolerated. */
  signingKey: string;
  signatureDigest?: MivaSignatureDigest;
}

const SCHEME: Record<Exclude<MivaSignatureDigest, 'none'>, string> = {
  sha256: 'MIVA-HMAC-SHA256',
  sha1: 'MIVA-HMAC-SHA1',
};

/**
 * Decodes the admin's base64 signing key into the raw HMAC key bytes. Whitespace from copy and
 * paste is dropped and the padding restored (some admins show the key without it).
 */
export function decodeSigningKey(signingKey: string): Buffer {
  const compact = signingKey.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const unpadded = compact.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(unpadded) || unpadded.length % 4 === 1) {
    throw new MivaError(MivaErrorKind.Config, 'The Miva signing key is not valid base64');
  }
  const padded = unpadded + '='.repeat((4 - (unpadded.length % 4)) % 4);
  return Buffer.from(padded, 'base64');
}

/** Unix seconds as Miva's `Miva_Request_Timestamp` wants them (an integer). */
export function unixSeconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/**
 * Builds `X-Miva-API-Authorization` for an exact body. The token and key live in private fields
 * so that logging or serialising a signer (or a client holding one) never shows them.
 */
export class MivaSigner {
  readonly digest: MivaSignatureDigest;
  readonly #token: string;
  readonly #key: Buffer;

  constructor(credentials: MivaCredentials) {
    this.digest = credentials.signatureDigest ?? 'sha256';
    const token = credentials.accessToken.trim();
    if (token.length === 0 || /[\s:]/.test(token)) {
      throw new MivaError(
        MivaErrorKind.Config,
        'The Miva access token is empty or contains a space or colon',
      );
    }
    this.#token = token;
    this.#key = this.digest === 'none' ? Buffer.alloc(0) : decodeSigningKey(credentials.signingKey);
    if (this.digest !== 'none' && this.#key.length === 0) {
      throw new MivaError(
        MivaErrorKind.Config,
        `A signing key is required for signature digest ${this.digest}`,
      );
    }
  }

  /** The header value for these exact body bytes (sign what is sent, byte for byte). */
  authorization(body: Uint8Array | string): string {
    if (this.digest === 'none') {
      return `MIVA ${this.#token}`;
    }
    const signature = createHmac(this.digest, this.#key).update(body).digest('base64');
    return `${SCHEME[this.digest]} ${this.#token}:${signature}`;
  }

  /** The last 4 characters of the token, for diagnostics. */
  get tokenLast4(): string {
    return this.#token.slice(-4);
  }

  toJSON(): Record<string, string> {
    return { digest: this.digest, token: `…${this.tokenLast4}` };
  }

  [inspect.custom](): string {
    return `MivaSigner { digest: '${this.digest}', token: '…${this.tokenLast4}' }`;
  }
}

/**
 * Serialises a request once: the returned bytes are what gets signed and sent. `Store_Code` and
 * `Miva_Request_Timestamp` go first so every request reads the same in a capture.
 */
export function serializeRequest(
  storeCode: string,
  timestampSeconds: number,
  payload: Record<string, unknown>,
): Buffer {
  return Buffer.from(
    JSON.stringify({
      Store_Code: storeCode,
      Miva_Request_Timestamp: timestampSeconds,
      ...payload,
    }),
    'utf8',
  );
}
