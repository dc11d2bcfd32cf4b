import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh webhook secret: 32 random bytes, URL-safe. */
export function generateWebhookToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored: sha256 hex of the token (the token itself is shown once). */
export function hashWebhookToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token with the stored hash. */
export function webhookTokenMatches(presented: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = createHash('sha256').update(presented, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The path Miva posts to; the token part only when it is being shown. */
export function webhookPath(storeId: string, token?: string): string {
  const path = `/api/v1/webhooks/miva/${storeId}`;
  return token === undefined ? path : `${path}?token=${encodeURIComponent(token)}`;
}
