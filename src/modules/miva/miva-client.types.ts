import type { Dispatcher } from 'undici';
import type { MivaError, MivaWarning } from './miva-errors';
import type { MivaCredentials } from './miva-signer';
import type { MivaBodyDecoder } from './miva-transport';

// The public shapes of MivaClient: its connection and options, what `call`, `callIterations`
// and `multicall` take and return. Re-exported by miva-client.ts.

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
