import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** The secrets of a store connection: never logged, never returned, stored only encrypted. */
export interface StoreCredentials {
  accessToken: string;
  /** Base64, as Miva's admin shows it. */
  signingKey: string;
  paymentPassphrase: string | null;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
// Bumped if the format ever changes, so old rows stay readable.
const FORMAT_V1 = 1;
// What the key check value is an HMAC of: a fixed label, so the value identifies the key without
// revealing it (see secret-key-check.ts).
const KEY_CHECK_LABEL = 'miva-oms-bridge secret-key check v1';

/** AES-256-GCM under the master SECRET_KEY: version(1) | iv(12) | tag(16) | ciphertext. */
export class CredentialVault {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) {
      throw new Error('CredentialVault needs a 32-byte key');
    }
  }

  seal(credentials: StoreCredentials): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([
      cipher.update(JSON.stringify(credentials), 'utf8'),
      cipher.final(),
    ]);
    return Buffer.concat([Buffer.from([FORMAT_V1]), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): StoreCredentials {
    if (sealed[0] !== FORMAT_V1) {
      throw new Error('Unknown credential format');
    }
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    let text: string;
    try {
      text = Buffer.concat([
        decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // GCM authentication failed: almost always another instance's SECRET_KEY.
      throw new Error(
        'Store credentials cannot be decrypted with this SECRET_KEY (sealed with another key, or damaged)',
      );
    }
    return JSON.parse(text) as StoreCredentials;
  }

  /** Whether `sealed` opens with this key. */
  canOpen(sealed: Buffer): boolean {
    try {
      this.open(sealed);
      return true;
    } catch {
      return false;
    }
  }

  /** HMAC-SHA256 of a fixed label under the key, hex: tells keys apart, never reveals one. */
  keyCheck(): string {
    return createHmac('sha256', this.key).update(KEY_CHECK_LABEL).digest('hex');
  }
}
