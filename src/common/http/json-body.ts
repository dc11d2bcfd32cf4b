import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';

// Miva's webhook bodies are read whatever their type (and never parsed: the body is only a hint);
// every other body must be JSON.
const WEBHOOK_PATH = /^\/api\/v1\/webhooks\//;
const JSON_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;

type RequestHead = Pick<IncomingMessage, 'url' | 'headers'>;

export const isWebhook = (req: RequestHead): boolean => WEBHOOK_PATH.test(req.url ?? '');

export const isJsonBody = (req: RequestHead): boolean =>
  JSON_TYPE.test(req.headers['content-type'] ?? '');

/**
 * Whether the request carries a body: a positive Content-Length or a chunked one. A POST with
 * nothing to send (sync, remap, webhook-token) needs no content type.
 */
export function hasBody(req: RequestHead): boolean {
  const length = Number(req.headers['content-length'] ?? 0);
  return req.headers['transfer-encoding'] !== undefined || length > 0;
}

/**
 * A body that is not JSON would be ignored (no parser reads it) and the request would fail later
 * with a confusing message, or not at all: refuse it up front instead (the webhook excepted).
 */
export function unsupportedBody(req: RequestHead): DomainError | undefined {
  if (isWebhook(req) || !hasBody(req) || isJsonBody(req)) {
    return undefined;
  }
  const sent = req.headers['content-type']?.split(';')[0]?.trim().slice(0, 100);
  return new DomainError(
    ErrorCode.UnsupportedMediaType,
    'Send the request body as JSON with Content-Type: application/json ' +
      `(got ${sent ? sent : 'no content type'})`,
  );
}

/** Express middleware: unsupportedBody as a 415 through the exception filter. */
export function requireJsonBody(
  req: IncomingMessage,
  _res: ServerResponse,
  next: (error?: unknown) => void,
): void {
  next(unsupportedBody(req));
}
