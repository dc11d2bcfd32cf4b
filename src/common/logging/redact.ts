import { IncomingMessage, ServerResponse } from 'node:http';

// Field names that must never reach a log line with their value.
const SECRET_NAME = /token|key|secret|passphrase|password|authorization|signature/i;

export const REDACTED = '[redacted]';

/**
 * A deep copy with every secret-named field replaced (bounded depth; logs are not data dumps).
 * An HTTP request or response is left whole: the logger's serializers pick their few safe fields
 * (a copy would lose what lives on their prototypes, such as headersSent, and cost a great deal).
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') {
    return value;
  }
  if (value instanceof IncomingMessage || value instanceof ServerResponse) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => redactSecrets(v, depth + 1));
  }
  if (value instanceof Error) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    out[name] =
      SECRET_NAME.test(name) && v !== undefined && v !== null
        ? REDACTED
        : redactSecrets(v, depth + 1);
  }
  return out;
}

/** Masks secret-named query parameters of a URL path (`/webhooks/miva/1?token=…`). */
export function redactUrl(url: string): string {
  return url.replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, name: string) =>
    SECRET_NAME.test(name) ? `${sep}${name}=${REDACTED}` : whole,
  );
}
