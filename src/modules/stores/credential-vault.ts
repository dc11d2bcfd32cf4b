import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

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
    const text = Buffer.concat([
      decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
    return JSON.parse(text) as StoreCredentials;
  }
}
