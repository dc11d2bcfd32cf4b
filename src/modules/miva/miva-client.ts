import type { Dispatcher } from 'undici';
import {
  errorFromBody,
  MivaError,
  MivaErrorKind,
  MivaWarning,
  parseWarnings,
  PROCESSED_SHORT,
  redact,
} from './miva-errors';
import { backoffDelayMs, MivaRateLimiter } from './miva-rate-limiter';
import { MivaCredentials, MivaSigner, serializeRequest, unixSeconds } from './miva-signer';
import {
  header,
  MivaBodyDecoder,
  MivaHttpResponse,
  MivaSignedBody,
  MivaTransport,
} from './miva-transport';

/** Everything needed to talk to one Miva store. */
export interface MivaConnection extends MivaCredentials {
  /** `https://www.example.com/mm5/json.mvc`. User info in the URL becomes HTTP basic auth. */
  endpointUrl: string;
  storeCode: string;
}

export interface MivaAttemptEvent {
  functionName: string;
  /** 1-based attempt number of this HTTP exchange. */
  attempt: number;
  /** `Operations=a-b` on a multicall continuation. */
  range?: string;
  statusCode?: number;
  durationMs: number;
  error?: MivaError;
  /** Set when the client will try again after `delayMs`. */
  retryInMs?: number;
}

export interface MivaClientOptions {
  /** Per HTTP attempt: connect, send, headers and the whole body. Default 120 s. */
  timeoutMs?: number;
  /** Retries after the first attempt for transient faults. Default 4. */
  maxRetries?: number;
  /** Backoff base (full jitter, doubling per retry). Default 250 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling. Default 15 s. */
  maxDelayMs?: number;
  /** Requests in flight at once for this client. Default 4. */
  concurrency?: number;
  /** Minimum gap between two request starts. Default 0. */
  minSpacingMs?: number;
  /** Sent as `X-Miva-API-Timeout` on multicalls (Miva's batch timeout, seconds). */
  apiTimeoutSeconds?: number;
  /** Bound on 206 continuations of one multicall. Default 1000. */
  maxContinuations?: number;
  /**
   * A shared pool/agent (one per origin, see MivaClientFactory), or a function giving one for the
   * endpoint's origin (called once the connection is validated). Without it the client owns a Pool.
   */
  dispatcher?: Dispatcher | ((origin: string) => Dispatcher);
  userAgent?: string;
  /** Observability hook: one event per HTTP attempt. Must not throw. */
  onAttempt?: (event: MivaAttemptEvent) => void;
  // Seams for unit tests.
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface MivaCallOptions {
  /**
   * Whether sending the request twice is harmless. Transient faults after which the request may
   * have been applied (timeouts, dropped connections, 5xx other than 503) are retried only for
   * idempotent requests; otherwise the error is thrown with `outcomeUnknown: true`. Default:
   * true for read functions (`*_Load*`, `MivaMerchantVersion`), false for everything else.
   */
  idempotent?: boolean;
  /** How many entries were sent to a list-processed function; a smaller `processed` is flagged. */
  expectedProcessed?: number;
  /** How the answer is parsed (e.g. `decodeListBody` to keep each listed order's bytes). */
  decode?: MivaBodyDecoder;
  signal?: AbortSignal;
}

export interface MivaSuccess<T> {
  ok: true;
  /** Miva's `data` (undefined for a bare `{"success":1}`). */
  data: T;
  processed?: number;
  /** Miva's warnings, plus a PROCESSED_SHORT warning of ours when `processed` fell short. */
  warnings: MivaWarning[];
  /** Set when Miva processed fewer entries than `expectedProcessed`. */
  shortfall?: { expected: number; processed: number };
}

export interface MivaFailure {
  ok: false;
  error: MivaError;
}

export type MivaResult<T> = MivaSuccess<T> | MivaFailure;

export interface MivaOperation {
  /** The function name, or `Module` with `Module_Code`/`Module_Function` in params. */
  function: string;
  params?: Record<string, unknown>;
  /** Run the function once per entry (params are shared, entry values override them). */
  iterations?: Record<string, unknown>[];
  expectedProcessed?: number;
}

/** One slot per operation; an operation with iterations gets one result per iteration. */
export type MivaOperationResult = MivaResult<unknown> | MivaResult<unknown>[];

export interface MivaMulticallResult {
  results: MivaOperationResult[];
  /** How many 206 continuations it took (0 when Miva ran everything at once). */
  continuations: number;
}

export interface MivaMulticallOptions {
  /** Default: true only when every operation is a read function. */
  idempotent?: boolean;
  apiTimeoutSeconds?: number;
  signal?: AbortSignal;
}

type RawResponse = MivaHttpResponse;

interface Prepared extends MivaSignedBody {
  timestampSeconds: number;
}

const READ_FUNCTION = /(_Load|_Load_Query|_Load_\w+|^MivaMerchantVersion)$/;

/** Whether a function only reads (used for the default of `idempotent`). */
export function isReadFunction(functionName: string): boolean {
  return READ_FUNCTION.test(functionName);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A typed client for Miva's JSON API (`json.mvc`): signs every request, retries transient faults
 * with bounded exponential backoff, resumes 206 partial multicalls, and paces requests.
 * Pure TypeScript; the Nest wrapper is MivaClientFactory.
 */
export class MivaClient {
  readonly storeCode: string;
  /** The endpoint without credentials, for messages and pool keys. */
  readonly endpoint: string;
  readonly origin: string;
  private readonly signer: MivaSigner;
  private readonly transport: MivaTransport;
  private readonly secrets: string[];
  private readonly limiter: MivaRateLimiter;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly apiTimeoutSeconds?: number;
  private readonly maxContinuations: number;
  private readonly onAttempt?: (event: MivaAttemptEvent) => void;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  /** Correction applied to our clock once Miva rejected a timestamp and told us its time. */
  private clockCorrectionMs = 0;

  constructor(connection: MivaConnection, options: MivaClientOptions = {}) {
    if (!connection.storeCode.trim()) {
      throw new MivaError(MivaErrorKind.Config, 'The Miva store code is empty');
    }
    this.now = options.now ?? Date.now;
    const concurrency = options.concurrency ?? 4;
    // Credentials first: a bad connection must fail before any pool is created for it.
    this.signer = new MivaSigner(connection);
    this.storeCode = connection.storeCode;
    this.transport = new MivaTransport(connection.endpointUrl, {
      timeoutMs: options.timeoutMs ?? 120_000,
      userAgent: options.userAgent ?? 'miva-oms-bridge',
      dispatcher: options.dispatcher,
      connections: concurrency,
      now: this.now,
    });
    this.endpoint = this.transport.endpoint;
    this.origin = this.transport.origin;
    this.secrets = [
      connection.accessToken,
      connection.signingKey,
      ...this.transport.secrets,
    ].filter((secret) => secret.length > 0);

    this.maxRetries = options.maxRetries ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 15_000;
    this.apiTimeoutSeconds = options.apiTimeoutSeconds;
    this.maxContinuations = options.maxContinuations ?? 1000;
    this.onAttempt = options.onAttempt;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
    this.limiter = new MivaRateLimiter({
      concurrency,
      minSpacingMs: options.minSpacingMs ?? 0,
      now: this.now,
    });
  }

  /** Releases the connection pool when this client created it (a shared one is left alone). */
  async close(): Promise<void> {
    await this.transport.close();
  }

  /** Server clock minus ours, from the last response's `Date` header (1 s resolution). */
  get serverClockOffsetMs(): number | undefined {
    return this.transport.serverClockOffsetMs;
  }

  /**
   * One function call. Resolves with Miva's `data`; any `success:0` answer is thrown as a
   * MivaError (access_denied, invalid_input, list_errors, not_found, ...).
   */
  async call<T = unknown>(
    functionName: string,
    params: Record<string, unknown> = {},
    options: MivaCallOptions = {},
  ): Promise<MivaSuccess<T>> {
    const label = labelOf(functionName, params);
    const payload = { Function: functionName, ...params };
    const response = await this.exchange(() => this.prepare(payload), {
      label,
      idempotent: options.idempotent ?? isReadFunction(label),
      decode: options.decode,
      signal: options.signal,
    });
    const result = this.interpret<T>(response.json, label, options.expectedProcessed, response);
    if (!result.ok) {
      result.error.attempts = response.attempts;
      throw result.error;
    }
    return result;
  }

  /**
   * One function over many parameter sets (`Iterations`). Each iteration succeeds or fails on
   * its own; a failure of the whole request (credentials, transport) is thrown.
   */
  async callIterations<T = unknown>(
    functionName: string,
    shared: Record<string, unknown>,
    iterations: Record<string, unknown>[],
    options: MivaCallOptions = {},
  ): Promise<MivaResult<T>[]> {
    const label = labelOf(functionName, shared);
    if (iterations.length === 0) {
      return [];
    }
    const payload = { Function: functionName, ...shared, Iterations: iterations };
    const response = await this.exchange(() => this.prepare(payload), {
      label,
      idempotent: options.idempotent ?? isReadFunction(label),
      signal: options.signal,
    });
    if (!Array.isArray(response.json)) {
      const error = this.wholeRequestError(response, label);
      error.attempts = response.attempts;
      throw error;
    }
    if (response.json.length !== iterations.length) {
      throw this.scrub(
        new MivaError(
          MivaErrorKind.BadResponse,
          `Miva ${label} answered ${response.json.length} results for ${iterations.length} iterations`,
          { functionName: label, httpStatus: response.status, outcomeUnknown: true },
        ),
      );
    }
    return response.json.map((entry) => this.interpret<T>(entry, label, undefined, response));
  }

  /**
   * Several functions in one request (`Operations`). A 206 partial answer is resumed with
   * `Range: Operations=<next>-<total>` on the identical body until every operation has a
   * result. Operation-level failures stay in their slot.
   */
  async multicall(
    operations: MivaOperation[],
    options: MivaMulticallOptions = {},
  ): Promise<MivaMulticallResult> {
    if (operations.length === 0) {
      return { results: [], continuations: 0 };
    }
    const labels = operations.map((op) => labelOf(op.function, op.params ?? {}));
    const label = `Operations[${labels.join(',')}]`;
    const idempotent = options.idempotent ?? labels.every((l) => isReadFunction(l));
    const payload = {
      Operations: operations.map((op) => ({
        Function: op.function,
        ...op.params,
        ...(op.iterations ? { Iterations: op.iterations } : {}),
      })),
    };
    // Serialised and signed once: every continuation resends these exact bytes.
    let prepared = this.prepare(payload);
    const total = operations.length;
    const raw: unknown[] = [];
    let continuations = 0;
    const apiTimeout = options.apiTimeoutSeconds ?? this.apiTimeoutSeconds;

    while (raw.length < total) {
      const range = raw.length === 0 ? undefined : `Operations=${raw.length + 1}-${total}`;
      let response: RawResponse;
      try {
        response = await this.exchange(() => prepared, {
          label,
          idempotent,
          range,
          apiTimeoutSeconds: apiTimeout,
          signal: options.signal,
          restamp: () => {
            // Only the timestamp changes; Operations stay byte-identical.
            prepared = this.prepare(payload);
            return prepared;
          },
        });
      } catch (error) {
        if (error instanceof MivaError) {
          error.completedOperations = raw.length;
        }
        throw error;
      }
      const fail = (message: string): MivaError => {
        const error = this.scrub(
          new MivaError(MivaErrorKind.BadResponse, `Miva ${label}: ${message}`, {
            functionName: label,
            httpStatus: response.status,
            outcomeUnknown: true,
          }),
        );
        error.completedOperations = raw.length;
        return error;
      };
      if (!Array.isArray(response.json)) {
        const error = this.wholeRequestError(response, label);
        error.attempts = response.attempts;
        error.completedOperations = raw.length;
        throw error;
      }
      const received: unknown[] = response.json;
      const remaining = total - raw.length;
      if (response.status === 206) {
        const contentRange = parseContentRange(header(response.headers, 'content-range'));
        if (received.length === 0 || received.length >= remaining) {
          throw fail(`206 with ${received.length} results for ${remaining} remaining operations`);
        }
        if (contentRange) {
          // Miva counts the operations completed in this response; accept an absolute end too.
          const consistent =
            contentRange.completed === received.length ||
            contentRange.completed === raw.length + received.length;
          if (!consistent || (contentRange.total !== undefined && contentRange.total !== total)) {
            throw fail(
              `Content-Range ${contentRange.completed}/${contentRange.total ?? '*'} does not match ${received.length} results of ${total}`,
            );
          }
        }
        raw.push(...received);
        continuations += 1;
        if (continuations > this.maxContinuations) {
          throw fail(`gave up after ${this.maxContinuations} continuations`);
        }
        continue;
      }
      if (received.length !== remaining) {
        throw fail(`${received.length} results for ${remaining} operations`);
      }
      raw.push(...received);
    }

    const results = raw.map((slot, i): MivaOperationResult => {
      const op = operations[i];
      const opLabel = labels[i];
      if (op.iterations && Array.isArray(slot)) {
        return slot.map((entry) => this.interpret(entry, opLabel, undefined));
      }
      return this.interpret(slot, opLabel, op.expectedProcessed);
    });
    return { results, continuations };
  }

  private prepare(payload: Record<string, unknown>): Prepared {
    const timestamp = unixSeconds(this.now() + this.clockCorrectionMs);
    const body = serializeRequest(this.storeCode, timestamp, payload);
    return { body, authorization: this.signer.authorization(body), timestampSeconds: timestamp };
  }

  /** A `success:0` object (or anything else) where an array was expected. */
  private wholeRequestError(response: RawResponse, label: string): MivaError {
    const record = asRecord(response.json);
    if (record && (record.success === 0 || record.success === false)) {
      return this.scrub(errorFromBody(record, label, response.status));
    }
    return this.scrub(
      new MivaError(MivaErrorKind.BadResponse, `Miva ${label} answered an unexpected shape`, {
        functionName: label,
        httpStatus: response.status,
        outcomeUnknown: true,
      }),
    );
  }

  private interpret<T>(
    value: unknown,
    label: string,
    expectedProcessed: number | undefined,
    response?: RawResponse,
  ): MivaResult<T> {
    const record = asRecord(value);
    if (!record || record.success === undefined) {
      return {
        ok: false,
        error: this.scrub(
          new MivaError(MivaErrorKind.BadResponse, `Miva ${label} answered without "success"`, {
            functionName: label,
            httpStatus: response?.status,
            outcomeUnknown: true,
          }),
        ),
      };
    }
    if (record.success !== 1 && record.success !== true && record.success !== '1') {
      return { ok: false, error: this.scrub(errorFromBody(record, label, response?.status)) };
    }
    const warnings = parseWarnings(record.warnings);
    const processed =
      typeof record.processed === 'number'
        ? record.processed
        : typeof record.processed === 'string' && /^\d+$/.test(record.processed)
          ? Number(record.processed)
          : undefined;
    const result: MivaSuccess<T> = { ok: true, data: record.data as T, processed, warnings };
    if (expectedProcessed !== undefined) {
      if (processed === undefined) {
        warnings.push({
          identifier: '',
          code: PROCESSED_SHORT,
          message: `Miva ${label} did not report how many of ${expectedProcessed} entries it processed`,
        });
        result.shortfall = { expected: expectedProcessed, processed: 0 };
      } else if (processed < expectedProcessed) {
        warnings.push({
          identifier: '',
          code: PROCESSED_SHORT,
          message: `Miva ${label} processed ${processed} of ${expectedProcessed} entries`,
        });
        result.shortfall = { expected: expectedProcessed, processed };
      }
    }
    return result;
  }

  /**
   * One logical request: attempts with retries. `prepare` is asked for the bytes before each
   * attempt; `restamp` (multicall) re-serialises after Miva rejected a stale timestamp.
   */
  private async exchange(
    prepare: () => Prepared,
    opts: {
      label: string;
      idempotent: boolean;
      range?: string;
      apiTimeoutSeconds?: number;
      decode?: MivaBodyDecoder;
      signal?: AbortSignal;
      restamp?: () => Prepared;
    },
  ): Promise<RawResponse> {
    let retried = 0;
    let restamped = false;
    let prepared: Prepared | undefined;
    for (let attempt = 1; ; attempt++) {
      const reuse = restamped ? prepared : undefined;
      let started = this.now();
      let response: RawResponse | undefined;
      let error: MivaError | undefined;
      try {
        response = await this.limiter.run(() => {
          // Stamp when the slot is granted, not when queued: queueing must not age the timestamp.
          prepared = reuse ?? prepare();
          started = this.now();
          return this.transport.send(prepared, opts);
        });
      } catch (caught) {
        error =
          caught instanceof MivaError
            ? this.scrub(caught)
            : this.scrub(
                new MivaError(MivaErrorKind.Network, `Miva ${opts.label}: ${String(caught)}`, {
                  functionName: opts.label,
                  outcomeUnknown: true,
                }),
              );
      }
      const durationMs = this.now() - started;

      // Miva refuses a timestamp outside the token's window; when its Date header shows our
      // clock is off, re-stamp with its time once (nothing was processed: auth runs first).
      if (response && prepared && !restamped && this.isTimestampRejection(response.json)) {
        // Two causes: our clock is off (Miva's Date header says by how much), or the body is
        // an old one being resent (a multicall continuation that outlived the window).
        const offset = this.transport.serverClockOffsetMs ?? this.clockCorrectionMs;
        const skewed = Math.abs(offset - this.clockCorrectionMs) >= 2000;
        const correction = skewed ? offset : this.clockCorrectionMs;
        const stale = this.now() + correction - prepared.timestampSeconds * 1000 >= 2000;
        if (skewed || stale) {
          this.clockCorrectionMs = correction;
          this.emit({
            functionName: opts.label,
            attempt,
            range: opts.range,
            durationMs,
            statusCode: response.status,
            retryInMs: 0,
          });
          prepared = opts.restamp ? opts.restamp() : prepare();
          restamped = true;
          continue;
        }
      }
      if (response) {
        this.emit({
          functionName: opts.label,
          attempt,
          range: opts.range,
          durationMs,
          statusCode: response.status,
        });
        response.attempts = attempt;
        return response;
      }
      const failure = error ?? new MivaError(MivaErrorKind.Network, 'no response');
      failure.attempts = attempt;
      const mayRetry =
        failure.retryable &&
        retried < this.maxRetries &&
        (opts.idempotent || !failure.outcomeUnknown) &&
        !opts.signal?.aborted;
      if (!mayRetry) {
        this.emit({
          functionName: opts.label,
          attempt,
          range: opts.range,
          durationMs,
          statusCode: failure.httpStatus,
          error: failure,
        });
        throw failure;
      }
      const delay = Math.min(
        this.maxDelayMs,
        Math.max(
          backoffDelayMs(retried, this.baseDelayMs, this.maxDelayMs, this.random),
          failure.retryAfterMs ?? 0,
        ),
      );
      this.emit({
        functionName: opts.label,
        attempt,
        range: opts.range,
        durationMs,
        statusCode: failure.httpStatus,
        error: failure,
        retryInMs: delay,
      });
      retried += 1;
      restamped = false;
      await this.sleep(delay);
    }
  }

  private isTimestampRejection(json: unknown): boolean {
    const record = asRecord(json);
    return (
      record !== undefined &&
      record.error_code === 'access_denied' &&
      typeof record.error_message === 'string' &&
      /timestamp outside/i.test(record.error_message)
    );
  }

  private emit(event: MivaAttemptEvent): void {
    if (!this.onAttempt) {
      return;
    }
    try {
      this.onAttempt(event);
    } catch {
      // An observer must never break a request.
    }
  }

  /** Removes any secret that could have slipped into a message (e.g. from a socket error). */
  private scrub(error: MivaError): MivaError {
    const clean = redact(error.message, this.secrets);
    if (clean !== error.message) {
      error.message = clean;
    }
    return error;
  }
}

/** The name a request is reported under: the module function for `Function: Module`. */
function labelOf(functionName: string, params: Record<string, unknown>): string {
  if (functionName === 'Module' && typeof params.Module_Function === 'string') {
    return params.Module_Function;
  }
  return functionName;
}

/** `Content-Range: <completed>/<total>` (total may be `*`). */
export function parseContentRange(
  value: string | undefined,
): { completed: number; total?: number } | undefined {
  if (!value) {
    return undefined;
  }
  const match = /(\d+)\s*\/\s*(\d+|\*)\s*$/.exec(value);
  if (!match) {
    return undefined;
  }
  return {
    completed: Number(match[1]),
    total: match[2] === '*' ? undefined : Number(match[2]),
  };
}
