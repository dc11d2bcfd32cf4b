import type { IncomingHttpHeaders } from 'node:http';
import { Dispatcher, Pool } from 'undici';
import { errorFromBody, MivaError, MivaErrorKind } from './miva-errors';
import { parseRetryAfterMs } from './miva-rate-limiter';

// One HTTP exchange with json.mvc over undici (keep-alive pool): the bytes go out as prepared, the
// whole answer is read, and transport-level failures become MivaErrors that say whether the
// request may have been applied. Signing and retrying live in MivaExchange, envelopes in
// MivaClient.

export interface MivaHttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  json: unknown;
  /** HTTP attempts this answer took (set by MivaExchange). */
  attempts?: number;
}

/** A serialised request body and its `X-Miva-API-Authorization` value. */
export interface MivaSignedBody {
  body: Buffer;
  authorization: string;
}

/** Turns a 200/206 answer's bytes into JSON; throws (a SyntaxError) when they are not JSON. */
export type MivaBodyDecoder = (body: Buffer) => unknown;

export const parseJsonBody: MivaBodyDecoder = (body) => JSON.parse(body.toString('utf8'));

export interface MivaSendOptions {
  /** The function name for messages. */
  label: string;
  /** How a successful answer is parsed; default `parseJsonBody`. */
  decode?: MivaBodyDecoder;
  /** `Operations=a-b` for a multicall continuation. */
  range?: string;
  /** `X-Miva-API-Timeout`. */
  apiTimeoutSeconds?: number;
  signal?: AbortSignal;
}

export interface MivaTransportOptions {
  timeoutMs: number;
  userAgent: string;
  /** Shared pool or agent (or its maker); without one the transport owns a Pool of `connections`. */
  dispatcher?: Dispatcher | ((origin: string) => Dispatcher);
  connections: number;
  now: () => number;
}

// Errors thrown before any byte could reach Miva: retrying them can never apply a write twice.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function errorCode(error: unknown): string | undefined {
  const code = asRecord(error)?.code;
  return typeof code === 'string' ? code : undefined;
}

export class MivaTransport {
  /** The endpoint without credentials, for messages. */
  readonly endpoint: string;
  readonly origin: string;
  /** Values that must never appear in messages (the URL's basic-auth password). */
  readonly secrets: string[];
  /** Server clock minus ours, from the last response's `Date` header (1 s resolution). */
  serverClockOffsetMs?: number;
  private readonly path: string;
  private readonly basicAuth?: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private readonly now: () => number;

  constructor(endpointUrl: string, options: MivaTransportOptions) {
    let url: URL;
    try {
      url = new URL(endpointUrl);
    } catch {
      throw new MivaError(MivaErrorKind.Config, 'The Miva endpoint URL is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new MivaError(MivaErrorKind.Config, 'The Miva endpoint URL must be http(s)');
    }
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    if (user || password) {
      // Web-server basic auth in front of Miva (docs/MIVA.md §2.5).
      this.basicAuth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    this.secrets = password ? [password] : [];
    this.origin = url.origin;
    this.path = `${url.pathname}${url.search}`;
    this.endpoint = `${url.origin}${url.pathname}`;
    this.timeoutMs = options.timeoutMs;
    this.userAgent = options.userAgent;
    this.now = options.now;
    if (options.dispatcher) {
      this.dispatcher =
        typeof options.dispatcher === 'function'
          ? options.dispatcher(this.origin)
          : options.dispatcher;
      this.ownsDispatcher = false;
    } else {
      this.dispatcher = new Pool(this.origin, {
        connections: options.connections,
        connect: { timeout: Math.min(this.timeoutMs, 15_000) },
      });
      this.ownsDispatcher = true;
    }
  }

  /** Releases the pool when this transport created it (a shared one is left alone). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) {
      await this.dispatcher.close();
    }
  }

  /** One HTTP attempt: send the bytes, read the whole answer, classify transport failures. */
  async send(prepared: MivaSignedBody, opts: MivaSendOptions): Promise<MivaHttpResponse> {
    const { label } = opts;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': this.userAgent,
      'x-miva-api-authorization': prepared.authorization,
    };
    if (this.basicAuth) {
      headers.authorization = this.basicAuth;
    }
    if (opts.range) {
      headers.range = opts.range;
    }
    if (opts.apiTimeoutSeconds !== undefined) {
      headers['x-miva-api-timeout'] = String(opts.apiTimeoutSeconds);
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    if (opts.signal?.aborted) {
      clearTimeout(timer);
      throw new MivaError(MivaErrorKind.Aborted, `Miva ${label}: aborted`, { functionName: label });
    }
    opts.signal?.addEventListener('abort', onCallerAbort, { once: true });

    let status: number;
    let responseHeaders: IncomingHttpHeaders;
    let body: Buffer;
    let sent = false;
    try {
      const res = await this.dispatcher.request({
        origin: this.origin,
        path: this.path,
        method: 'POST',
        headers,
        body: prepared.body,
        signal: controller.signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      sent = true;
      status = res.statusCode;
      responseHeaders = res.headers;
      const bytes = await res.body.bytes();
      body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (caught) {
      const code = errorCode(caught);
      const base = { functionName: label, cause: caught };
      if (opts.signal?.aborted && !timedOut) {
        throw new MivaError(MivaErrorKind.Aborted, `Miva ${label}: aborted`, base);
      }
      if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw new MivaError(
          MivaErrorKind.Timeout,
          `Miva ${label}: no complete answer from ${this.endpoint} within ${this.timeoutMs} ms`,
          { ...base, outcomeUnknown: true },
        );
      }
      const notSent = !sent && code !== undefined && NOT_SENT_CODES.has(code);
      const reason = caught instanceof Error ? caught.message : String(caught);
      throw new MivaError(
        MivaErrorKind.Network,
        `Miva ${label}: request to ${this.endpoint} failed: ${code ? `${code} ` : ''}${reason}`,
        { ...base, outcomeUnknown: !notSent },
      );
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onCallerAbort);
    }

    this.observeServerClock(header(responseHeaders, 'date'));

    if (status === 200 || status === 206) {
      try {
        return { status, headers: responseHeaders, json: (opts.decode ?? parseJsonBody)(body) };
      } catch {
        throw new MivaError(
          MivaErrorKind.BadResponse,
          `Miva ${label}: HTTP ${status} body is not complete JSON (${body.length} bytes)`,
          { functionName: label, httpStatus: status, outcomeUnknown: true },
        );
      }
    }
    const retryAfterMs = parseRetryAfterMs(header(responseHeaders, 'retry-after'), this.now());
    let answer: Record<string, unknown> | undefined;
    try {
      answer = asRecord(parseJsonBody(body));
    } catch {
      answer = undefined;
    }
    if (status === 503 && answer?.error_code === 'api_offline') {
      const error = errorFromBody(answer, label, status);
      throw new MivaError(MivaErrorKind.ApiOffline, error.message, {
        code: 'api_offline',
        httpStatus: status,
        functionName: label,
        retryAfterMs,
      });
    }
    if (status === 416) {
      throw new MivaError(
        MivaErrorKind.RangeNotSatisfiable,
        `Miva ${label}: range ${opts.range ?? '(none)'} not satisfiable (Content-Range ${header(responseHeaders, 'content-range') ?? '?'})`,
        {
          functionName: label,
          httpStatus: status,
          code: typeof answer?.error_code === 'string' ? answer.error_code : undefined,
        },
      );
    }
    if (status === 401 || status === 403) {
      // Miva itself never sends these; a web server or WAF in front of it does.
      throw new MivaError(
        MivaErrorKind.AccessDenied,
        `Miva ${label}: HTTP ${status} from the web server in front of Miva (basic auth or firewall?)`,
        { functionName: label, httpStatus: status },
      );
    }
    // 503 and 429 mean the server refused before doing anything; other 5xx may come from a proxy
    // after Miva did the work.
    throw new MivaError(
      MivaErrorKind.HttpStatus,
      `Miva ${label}: unexpected HTTP ${status} from ${this.endpoint}`,
      {
        functionName: label,
        httpStatus: status,
        retryAfterMs,
        outcomeUnknown: !(status === 503 || status === 429),
      },
    );
  }

  private observeServerClock(date: string | undefined): void {
    if (!date) {
      return;
    }
    const server = Date.parse(date);
    if (!Number.isNaN(server)) {
      // The header has 1 s resolution; round our clock the same way before comparing.
      this.serverClockOffsetMs = server - Math.floor(this.now() / 1000) * 1000;
    }
  }
}
