import { MivaError, MivaErrorKind } from '../miva/miva-errors';
import { afterFailure, backoffMs, failureAction, retryDelayMs } from './relay-backoff';

describe('failureAction', () => {
  it.each([
    [MivaErrorKind.Network, 'retry'],
    [MivaErrorKind.Timeout, 'retry'],
    [MivaErrorKind.ApiOffline, 'retry'],
    [MivaErrorKind.BadResponse, 'retry'],
    [MivaErrorKind.AccessDenied, 'blocked'],
    [MivaErrorKind.InvalidFunction, 'blocked'],
    [MivaErrorKind.InvalidInput, 'permanent'],
    [MivaErrorKind.NotFound, 'permanent'],
    [MivaErrorKind.Rejected, 'permanent'],
  ] as const)('%s → %s', (kind, action) => {
    expect(failureAction(new MivaError(kind, 'x'))).toBe(action);
  });

  it('retries 5xx and 429 but waits out other HTTP statuses like a refusal', () => {
    const http = (status: number) =>
      failureAction(new MivaError(MivaErrorKind.HttpStatus, 'x', { httpStatus: status }));
    expect([http(500), http(503), http(429), http(404)]).toEqual([
      'retry',
      'retry',
      'retry',
      'blocked',
    ]);
  });

  it('retries anything that is not a Miva error (a database hiccup)', () => {
    expect(failureAction(new Error('connection reset'))).toBe('retry');
  });
});

describe('backoffMs', () => {
  it('doubles per failure between half and all of the step, up to the ceiling', () => {
    const at = (failures: number, r: number) =>
      backoffMs(failures, { baseMs: 1000, maxMs: 8000, random: () => r });
    expect([at(1, 0), at(1, 1), at(2, 0), at(3, 1), at(10, 0), at(10, 1)]).toEqual([
      500, 1000, 1000, 4000, 4000, 8000,
    ]);
  });
});

describe('afterFailure', () => {
  const error = (kind: MivaErrorKind) => new MivaError(kind, 'x');

  it('holds a job whose store refused the credentials, whatever the error', () => {
    expect(afterFailure(error(MivaErrorKind.Rejected), true)).toEqual({ kind: 'hold' });
  });

  it('parks a refused request and retries the rest, blocked ones on the long backoff', () => {
    expect(afterFailure(error(MivaErrorKind.InvalidInput), false)).toEqual({ kind: 'park' });
    expect(afterFailure(error(MivaErrorKind.Timeout), false)).toEqual({
      kind: 'retry',
      blocked: false,
    });
    expect(afterFailure(error(MivaErrorKind.AccessDenied), false)).toEqual({
      kind: 'retry',
      blocked: true,
    });
  });
});

describe('retryDelayMs', () => {
  it('backs off up to the retry ceiling, or the blocked one', () => {
    const tuning = { retryBaseMs: 1000, retryMaxMs: 4000, blockedMaxMs: 16000 };
    const at = (failures: number, blocked: boolean) =>
      retryDelayMs(failures, blocked, tuning, () => 1);
    expect([at(1, false), at(3, false), at(10, false), at(10, true)]).toEqual([
      1000, 4000, 4000, 16000,
    ]);
  });
});
