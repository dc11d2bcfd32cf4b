import { MivaError, MivaErrorKind, redact } from './miva-errors';
import type { MivaAttemptEvent, MivaClientOptions, MivaConnection } from './miva-client.types';
import { isTimestampRejection } from './miva-response';
import { restampCorrectionMs, retryDelayMs, MivaRetryPolicy } from './miva-retry-policy';
import { MivaRateLimiter } from './miva-rate-limiter';
import { MivaSigner, serializeRequest, unixSeconds } from './miva-signer';
import { MivaBodyDecoder, MivaHttpResponse, MivaSignedBody, MivaTransport } from './miva-transport';

// One logical request to one store: stamped and signed, paced by the limiter, sent over the
// transport, retried after transient faults (miva-retry-policy.ts decides), re-stamped once when
// Miva refuses a stale timestamp, every attempt reported to `onAttempt`. What the answer means
// is MivaClient's business.

/** A signed body and the timestamp it carries. */
export interface MivaPreparedRequest extends MivaSignedBody {
  timestampSeconds: number;
}

export interface MivaExchangeOptions {
  label: string;
  idempotent: boolean;
  /** `Operations=a-b` on a multicall continuation. */
  range?: string;
  apiTimeoutSeconds?: number;
  decode?: MivaBodyDecoder;
  signal?: AbortSignal;
  /** Re-serialises after Miva rejected a stale timestamp (default: `prepare` again). */
  restamp?: () => MivaPreparedRequest;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export class MivaExchange {
  readonly storeCode: string;
  readonly transport: MivaTransport;
  private readonly signer: MivaSigner;
  private readonly secrets: string[];
  private readonly limiter: MivaRateLimiter;
  private readonly policy: MivaRetryPolicy;
  private readonly onAttempt?: (event: MivaAttemptEvent) => void;
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
    this.secrets = [
      connection.accessToken,
      connection.signingKey,
      ...this.transport.secrets,
    ].filter((secret) => secret.length > 0);
    this.policy = {
      maxRetries: options.maxRetries ?? 4,
      baseDelayMs: options.baseDelayMs ?? 250,
      maxDelayMs: options.maxDelayMs ?? 15_000,
      random: options.random ?? Math.random,
    };
    this.onAttempt = options.onAttempt;
    this.sleep = options.sleep ?? defaultSleep;
    this.limiter = new MivaRateLimiter({
      concurrency,
      minSpacingMs: options.minSpacingMs ?? 0,
      now: this.now,
    });
  }

  /** Serialises `payload` with the store code and a fresh (corrected) timestamp, and signs it. */
  prepare(payload: Record<string, unknown>): MivaPreparedRequest {
    const timestamp = unixSeconds(this.now() + this.clockCorrectionMs);
    const body = serializeRequest(this.storeCode, timestamp, payload);
    return { body, authorization: this.signer.authorization(body), timestampSeconds: timestamp };
  }

  /**
   * One logical request: attempts with retries. `prepare` is asked for the bytes before each
   * attempt; `opts.restamp` (multicall) re-serialises after Miva rejected a stale timestamp.
   * Resolves with the first HTTP answer that is not a curable timestamp refusal.
   */
  async send(
    prepare: () => MivaPreparedRequest,
    opts: MivaExchangeOptions,
  ): Promise<MivaHttpResponse> {
    let retried = 0;
    let restamped = false;
    let prepared: MivaPreparedRequest | undefined;
    for (let attempt = 1; ; attempt++) {
      const reuse = restamped ? prepared : undefined;
      let started = this.now();
      let response: MivaHttpResponse | undefined;
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
      const event = { functionName: opts.label, attempt, range: opts.range, durationMs };

      // Miva refuses a timestamp outside the token's window before running anything, so a
      // re-stamped resend (once) is safe (docs/MIVA.md §2.3).
      if (response && prepared && !restamped && isTimestampRejection(response.json)) {
        const correction = restampCorrectionMs({
          serverOffsetMs: this.transport.serverClockOffsetMs,
          correctionMs: this.clockCorrectionMs,
          nowMs: this.now(),
          timestampSeconds: prepared.timestampSeconds,
        });
        if (correction !== undefined) {
          this.clockCorrectionMs = correction;
          this.emit({ ...event, statusCode: response.status, retryInMs: 0 });
          prepared = opts.restamp ? opts.restamp() : prepare();
          restamped = true;
          continue;
        }
      }
      if (response) {
        this.emit({ ...event, statusCode: response.status });
        response.attempts = attempt;
        return response;
      }
      const failure = error ?? new MivaError(MivaErrorKind.Network, 'no response');
      failure.attempts = attempt;
      const delay = retryDelayMs(
        failure,
        { retried, idempotent: opts.idempotent, aborted: opts.signal?.aborted ?? false },
        this.policy,
      );
      if (delay === undefined) {
        this.emit({ ...event, statusCode: failure.httpStatus, error: failure });
        throw failure;
      }
      this.emit({ ...event, statusCode: failure.httpStatus, error: failure, retryInMs: delay });
      retried += 1;
      restamped = false;
      await this.sleep(delay);
    }
  }

  /** Removes any secret that could have slipped into a message (e.g. from a socket error). */
  scrub(error: MivaError): MivaError {
    const clean = redact(error.message, this.secrets);
    if (clean !== error.message) {
      error.message = clean;
    }
    return error;
  }

  async close(): Promise<void> {
    await this.transport.close();
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
}
