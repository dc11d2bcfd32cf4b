// Per-client request pacing: at most `concurrency` requests in flight and at least `minSpacingMs`
// between two request starts. Miva has no server-side rate limiter (docs/MIVA.md §11), so the
// politeness towards a merchant's server is ours to keep; hosting WAFs do throttle.

export interface MivaRateLimiterOptions {
  concurrency: number;
  minSpacingMs: number;
  now?: () => number;
}

interface Waiter {
  start: () => void;
}

export class MivaRateLimiter {
  private readonly concurrency: number;
  private readonly minSpacingMs: number;
  private readonly now: () => number;
  private readonly queue: Waiter[] = [];
  private active = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: MivaRateLimiterOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError('concurrency must be an integer >= 1');
    }
    if (!(options.minSpacingMs >= 0)) {
      throw new RangeError('minSpacingMs must be >= 0');
    }
    this.concurrency = options.concurrency;
    this.minSpacingMs = options.minSpacingMs;
    this.now = options.now ?? Date.now;
  }

  /** Requests running now. */
  get running(): number {
    return this.active;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Runs `task` when a slot is free and the spacing allows; the slot is held until it settles. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        start: () => {
          let pending: Promise<T>;
          try {
            pending = task();
          } catch (error) {
            pending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
          }
          void pending.then(resolve, reject).finally(() => {
            this.active -= 1;
            this.pump();
          });
        },
      });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.active < this.concurrency) {
      const wait = this.lastStart + this.minSpacingMs - this.now();
      if (wait > 0) {
        if (!this.timer) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, wait);
        }
        return;
      }
      const next = this.queue.shift();
      if (!next) {
        return;
      }
      this.active += 1;
      this.lastStart = this.now();
      next.start();
    }
  }
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(cap, base·2^retry)). Full
 * jitter spreads the retries of many clients hit by the same outage instead of synchronising
 * them. `retry` counts from 0 for the first retry.
 */
export function backoffDelayMs(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `nowMs`. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
