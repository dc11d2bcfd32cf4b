import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
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

/** The largest body read: 1 MiB, JSON or webhook (a larger one is a 413). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Parses a JSON body as a strict JSON reader would: an object or an array, an empty body as {}.
 * Anything else throws the contract's 400 INVALID_JSON.
 */
export function parseJsonBody(text: string): unknown {
  const start = text.trimStart();
  if (start === '') {
    return {};
  }
  if (start[0] === '{' || start[0] === '[') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // answered below
    }
  }
  throw new DomainError(ErrorCode.InvalidJson, 'The request body is not valid JSON');
}

/**
 * The HTTP server's body handling: a body that is not JSON is a 415 before it is read (the
 * webhook's excepted), the webhook's body is kept as bytes and never parsed, every other body is
 * JSON; anything over BODY_LIMIT_BYTES is a 413. Errors reach the exception filter.
 */
export function registerBodyParsing(server: FastifyInstance): void {
  server.addHook('onRequest', (request, _reply, done) => done(unsupportedBody(request.raw)));
  server.removeAllContentTypeParsers();
  server.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (request, body: Buffer, done) => {
      if (isWebhook(request.raw)) {
        done(null, body);
        return;
      }
      try {
        done(null, parseJsonBody(body.toString('utf8')));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
