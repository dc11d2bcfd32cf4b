import { MivaError, MivaErrorKind } from '../miva/miva-errors';
import { backoffMs, failureAction } from './relay-backoff';

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
