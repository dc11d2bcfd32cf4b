import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { redactSecrets, redactUrl } from './redact';

type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string };

// The URL as sent: while a middleware runs, the HTTP server may have cut req.url down to the part
// below the middleware's path (and it keeps the whole one in originalUrl).
const requestUrl = (req: LoggedRequest): string => req.originalUrl ?? req.url ?? '';

/** JSON logs (pretty in a TTY), secrets redacted by field name wherever they appear. */
export function loggerOptions(config: AppConfig, pretty: boolean): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
      formatters: { log: (object) => redactSecrets(object) as Record<string, unknown> },
      serializers: {
        req: (req: LoggedRequest) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(requestUrl(req)),
        }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      // Health probes and metric scrapes would drown everything else.
      autoLogging: { ignore: (req) => /^\/(health|metrics)\b/.test(requestUrl(req)) },
    },
  };
}
