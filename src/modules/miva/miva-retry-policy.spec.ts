import { MivaError, MivaErrorKind } from './miva-errors';
import { restampCorrectionMs, retryDelayMs, MivaRetryPolicy } from './miva-retry-policy';

const policy: MivaRetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  random: () => 0.5,
};
const first = { retried: 0, idempotent: false, aborted: false };

describe('retryDelayMs', () => {
  it('retries a fault that happened before Miva could act, with full-jitter backoff', () => {
    const refused = new MivaError(MivaErrorKind.Network, 'ECONNREFUSED');
    expect(retryDelayMs(refused, first, policy)).toBe(50);
    expect(retryDelayMs(refused, { ...first, retried: 1 }, policy)).toBe(100);
  });

  it('retries a fault with an unknown outcome only for idempotent requests', () => {
    const timeout = new MivaError(MivaErrorKind.Timeout, 'slow', { outcomeUnknown: true });
    expect(retryDelayMs(timeout, first, policy)).toBeUndefined();
    expect(retryDelayMs(timeout, { ...first, idempotent: true }, policy)).toBe(50);
  });

  it('never retries a final error, spent retries or an aborted request', () => {
    const offline = new MivaError(MivaErrorKind.ApiOffline, 'offline');
    expect(retryDelayMs(new MivaError(MivaErrorKind.AccessDenied, 'no'), first, policy)).toBe(
      undefined,
    );
    expect(
      retryDelayMs(
        new MivaError(MivaErrorKind.HttpStatus, '404', { httpStatus: 404 }),
        first,
        policy,
      ),
    ).toBeUndefined();
    expect(retryDelayMs(offline, { ...first, retried: 2 }, policy)).toBeUndefined();
    expect(retryDelayMs(offline, { ...first, aborted: true }, policy)).toBeUndefined();
  });

  it('waits at least Retry-After, capped at the maximum delay', () => {
    const busy = (retryAfterMs: number): MivaError =>
      new MivaError(MivaErrorKind.HttpStatus, '429', { httpStatus: 429, retryAfterMs });
    expect(retryDelayMs(busy(700), first, policy)).toBe(700);
    expect(retryDelayMs(busy(10), first, policy)).toBe(50);
    expect(retryDelayMs(busy(60_000), first, policy)).toBe(1000);
  });
});

describe('restampCorrectionMs', () => {
  const now = 1_700_000_000_000;
  const fresh = now / 1000;

  it('takes the server offset when our clock is off by two seconds or more', () => {
    const refusal = { correctionMs: 0, nowMs: now, timestampSeconds: fresh };
    expect(restampCorrectionMs({ ...refusal, serverOffsetMs: -90_000 })).toBe(-90_000);
    expect(restampCorrectionMs({ ...refusal, serverOffsetMs: 2000 })).toBe(2000);
  });

  it('re-stamps an old body with the current correction when the clocks agree', () => {
    const old = {
      serverOffsetMs: 1000,
      correctionMs: 0,
      nowMs: now,
      timestampSeconds: fresh - 600,
    };
    expect(restampCorrectionMs(old)).toBe(0);
    expect(restampCorrectionMs({ ...old, serverOffsetMs: undefined })).toBe(0);
  });

  it('lets the refusal stand when neither the clock nor the body explains it', () => {
    const refusal = { correctionMs: 0, nowMs: now, timestampSeconds: fresh };
    expect(restampCorrectionMs({ ...refusal, serverOffsetMs: 1000 })).toBeUndefined();
    expect(restampCorrectionMs({ ...refusal, serverOffsetMs: undefined })).toBeUndefined();
    // Already corrected and the body is fresh in the corrected clock: nothing left to fix.
    expect(
      restampCorrectionMs({
        serverOffsetMs: -90_500,
        correctionMs: -90_000,
        nowMs: now,
        timestampSeconds: (now - 90_000) / 1000,
      }),
    ).toBeUndefined();
  });
});
