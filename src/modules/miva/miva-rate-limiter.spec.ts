import { must } from '../../common/must';
import { backoffDelayMs, MivaRateLimiter, parseRetryAfterMs } from './miva-rate-limiter';

describe('backoffDelayMs (full jitter)', () => {
  it('spans [0, base·2^retry) capped at the maximum', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5, 10].map((r) => backoffDelayMs(r, 100, 2000, top))).toEqual([
      99, 199, 399, 799, 1599, 1999, 1999,
    ]);
    expect(backoffDelayMs(3, 100, 2000, () => 0)).toBe(0);
    expect(backoffDelayMs(2, 100, 2000, () => 0.5)).toBe(200);
  });

  it('never exceeds the cap nor goes negative for any random value', () => {
    for (let retry = 0; retry < 40; retry++) {
      for (const r of [0, 0.1, 0.5, 0.9, 0.999999]) {
        const delay = backoffDelayMs(retry, 250, 15_000, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(15_000);
      }
    }
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('garbage', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('MivaRateLimiter', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('never runs more than `concurrency` tasks at once and runs them all', async () => {
    const limiter = new MivaRateLimiter({ concurrency: 3, minSpacingMs: 0 });
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
    expect(limiter.running).toBe(0);
  });

  it('spaces request starts by minSpacingMs', async () => {
    jest.useFakeTimers();
    const limiter = new MivaRateLimiter({ concurrency: 10, minSpacingMs: 100 });
    const starts: number[] = [];
    const all = Promise.all(
      Array.from({ length: 5 }, () =>
        limiter.run(() => {
          starts.push(Date.now());
          return Promise.resolve();
        }),
      ),
    );
    await jest.advanceTimersByTimeAsync(1000);
    await all;
    const gaps = starts.slice(1).map((t, i) => t - must(starts[i], 'the start before'));
    expect(starts).toHaveLength(5);
    expect(gaps.every((g) => g >= 100)).toBe(true);
  });

  it('releases the slot when a task fails or throws synchronously', async () => {
    const limiter = new MivaRateLimiter({ concurrency: 1, minSpacingMs: 0 });
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      limiter.run(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    await expect(limiter.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
