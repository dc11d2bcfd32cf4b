import { MivaError, MivaErrorKind } from '../miva/miva-errors';

/**
 * What the relay does after a Miva failure:
 * - `retry`: a transient fault (network, timeout, 5xx, API offline); try again with backoff.
 * - `blocked`: the store refuses our credentials or is misconfigured; nothing is wrong with the
 *   job itself, so it waits (with a long backoff) until the connection is fixed.
 * - `permanent`: Miva refused the request itself; park the job as failed with Miva's message.
 */
export type FailureAction = 'retry' | 'blocked' | 'permanent';

export function failureAction(error: unknown): FailureAction {
  if (!(error instanceof MivaError)) {
    return 'retry';
  }
  switch (error.kind) {
    case MivaErrorKind.ApiOffline:
    case MivaErrorKind.Network:
    case MivaErrorKind.Timeout:
    case MivaErrorKind.BadResponse:
    case MivaErrorKind.RangeNotSatisfiable:
    case MivaErrorKind.PaginationInconsistent:
    case MivaErrorKind.Aborted:
      return 'retry';
    case MivaErrorKind.HttpStatus:
      return error.retryable ? 'retry' : 'blocked';
    case MivaErrorKind.AccessDenied:
    case MivaErrorKind.Config:
    case MivaErrorKind.InvalidFunction:
      return 'blocked';
    case MivaErrorKind.InvalidInput:
    case MivaErrorKind.ListErrors:
    case MivaErrorKind.NotFound:
    case MivaErrorKind.Rejected:
      return 'permanent';
  }
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

/**
 * Exponential backoff with jitter for the n-th consecutive failure (1-based): half fixed, half
 * random, so instances retrying the same store spread out without ever retrying immediately.
 */
export function backoffMs(failures: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** A message safe to store and show: Miva's own text (no request bodies, so no secrets). */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/**
 * What a job does after a Miva failure that applied nothing:
 * - `hold`: Miva refused the store's credentials (`refused`: the store is paused now); the job is
 *   due at once, held while the store is unauthorized, sent once it is active.
 * - `park`: Miva refused the request itself; failed with Miva's message.
 * - `retry`: again after a backoff, the long one when `blocked`.
 */
export type AfterFailure =
  { kind: 'hold' } | { kind: 'park' } | { kind: 'retry'; blocked: boolean };

export function afterFailure(error: unknown, refused: boolean): AfterFailure {
  if (refused) {
    return { kind: 'hold' };
  }
  const action = failureAction(error);
  return action === 'permanent'
    ? { kind: 'park' }
    : { kind: 'retry', blocked: action === 'blocked' };
}

export interface RetryTuning {
  retryBaseMs: number;
  retryMaxMs: number;
  blockedMaxMs: number;
}

/** The wait before the next try after the n-th consecutive failure (see backoffMs). */
export function retryDelayMs(
  failures: number,
  blocked: boolean,
  tuning: RetryTuning,
  random?: () => number,
): number {
  return backoffMs(failures, {
    baseMs: tuning.retryBaseMs,
    maxMs: blocked ? tuning.blockedMaxMs : tuning.retryMaxMs,
    random,
  });
}
