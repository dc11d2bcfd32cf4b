import type { MivaError } from './miva-errors';
import { backoffDelayMs } from './miva-rate-limiter';

// The two decisions MivaExchange makes after an attempt, as pure functions: whether a failed
// attempt is tried again and after how long, and whether a refused timestamp is worth one
// re-stamped attempt.

export interface MivaRetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

export interface MivaRetryState {
  /** Retries already made for this request (0 after the first attempt). */
  retried: number;
  idempotent: boolean;
  /** The caller's signal has fired. */
  aborted: boolean;
}

/**
 * How long to wait before retrying `failure`, or undefined when it is final: it is not
 * transient, the retries are spent, the caller aborted, or the request may have been applied
 * (`outcomeUnknown`) and sending it again is not harmless. The delay is full-jitter backoff,
 * never shorter than Miva's `Retry-After`, never longer than `maxDelayMs`.
 */
export function retryDelayMs(
  failure: MivaError,
  state: MivaRetryState,
  policy: MivaRetryPolicy,
): number | undefined {
  const mayRetry =
    failure.retryable &&
    state.retried < policy.maxRetries &&
    (state.idempotent || !failure.outcomeUnknown) &&
    !state.aborted;
  if (!mayRetry) {
    return undefined;
  }
  const backoff = backoffDelayMs(
    state.retried,
    policy.baseDelayMs,
    policy.maxDelayMs,
    policy.random,
  );
  return Math.min(policy.maxDelayMs, Math.max(backoff, failure.retryAfterMs ?? 0));
}

export interface MivaTimestampRefusal {
  /** Server clock minus ours from the refusal's `Date` header, when it had one. */
  serverOffsetMs: number | undefined;
  /** The correction our clock carries now. */
  correctionMs: number;
  nowMs: number;
  /** `Miva_Request_Timestamp` of the refused body. */
  timestampSeconds: number;
}

/** Differences under this are the `Date` header's 1 s resolution, not a wrong clock. */
const TOLERANCE_MS = 2000;

/**
 * After "Timestamp outside configured window": the clock correction to re-stamp the request
 * with, or undefined when re-stamping would not help (the access_denied stands). Two causes are
 * curable: our clock is off (Miva's `Date` header says by how much), or the body is an old one
 * being resent (a multicall continuation that outlived the window).
 */
export function restampCorrectionMs(refusal: MivaTimestampRefusal): number | undefined {
  const offset = refusal.serverOffsetMs ?? refusal.correctionMs;
  const skewed = Math.abs(offset - refusal.correctionMs) >= TOLERANCE_MS;
  const correction = skewed ? offset : refusal.correctionMs;
  const stale = refusal.nowMs + correction - refusal.timestampSeconds * 1000 >= TOLERANCE_MS;
  return skewed || stale ? correction : undefined;
}
