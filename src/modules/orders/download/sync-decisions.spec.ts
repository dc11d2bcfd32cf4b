import type { StoreStatus } from '../../stores/store.entity';
import { generateWebhookToken, hashWebhookToken } from '../../stores/webhook-token';
import {
  nextPollAfterRun,
  retryDelaySeconds,
  skipReason,
  statusAfterRun,
  webhookAction,
} from './sync-decisions';

const NOW = new Date('2026-11-22T09:00:00.000Z');
const EARLIER = new Date('2026-11-22T08:59:59.000Z');
const LATER = new Date('2026-11-22T09:00:01.000Z');

const store = (
  status: StoreStatus = 'active',
  extra: { enabled?: boolean; nextPollAt?: Date | null } = {},
): { enabled: boolean; status: StoreStatus; nextPollAt: Date | null } => ({
  enabled: status !== 'disabled',
  status,
  nextPollAt: EARLIER,
  ...extra,
});

const succeeded = {
  status: 'succeeded',
  error: null,
  unauthorized: false,
  aborted: false,
} as const;
const failed = { status: 'failed', error: 'timeout', unauthorized: false, aborted: false } as const;
const refused = {
  status: 'failed',
  error: 'Miva refused the credentials',
  unauthorized: true,
  aborted: false,
} as const;
const aborted = {
  status: 'failed',
  error: 'the store was deleted',
  unauthorized: false,
  aborted: true,
} as const;

describe('skipReason', () => {
  it('lets an enabled, active store download on every trigger when due', () => {
    for (const trigger of ['schedule', 'manual', 'webhook'] as const) {
      expect(skipReason(store(), trigger, NOW)).toBeUndefined();
    }
  });

  it('never downloads a disabled store, whatever the trigger', () => {
    for (const trigger of ['schedule', 'manual', 'webhook'] as const) {
      expect(skipReason(store('disabled'), trigger, NOW)).toBe('the store is disabled');
    }
  });

  it('pauses an unauthorized store except for a manual sync', () => {
    expect(skipReason(store('unauthorized'), 'schedule', NOW)).toBe(
      'Miva refused the store credentials',
    );
    expect(skipReason(store('unauthorized'), 'webhook', NOW)).toBe(
      'Miva refused the store credentials',
    );
    expect(skipReason(store('unauthorized'), 'manual', NOW)).toBeUndefined();
  });

  it('runs a scheduled download only once next_poll_at is reached', () => {
    expect(skipReason(store('active', { nextPollAt: NOW }), 'schedule', NOW)).toBeUndefined();
    expect(skipReason(store('active', { nextPollAt: LATER }), 'schedule', NOW)).toBe('not due');
    expect(skipReason(store('active', { nextPollAt: null }), 'schedule', NOW)).toBe('not due');
  });

  it('does not wait for the schedule on a manual sync or a webhook', () => {
    expect(skipReason(store('active', { nextPollAt: LATER }), 'manual', NOW)).toBeUndefined();
    expect(skipReason(store('active', { nextPollAt: null }), 'webhook', NOW)).toBeUndefined();
  });
});

describe('statusAfterRun', () => {
  it('marks the store unauthorized with Miva message when the credentials were refused', () => {
    expect(statusAfterRun(store('active'), refused)).toEqual({
      kind: 'unauthorized',
      message: 'Miva refused the credentials',
    });
  });

  it('does not mark a store unauthorized without a message', () => {
    expect(statusAfterRun(store('active'), { ...refused, error: null })).toEqual({
      kind: 'unchanged',
    });
  });

  it('activates an unauthorized store again after a successful run', () => {
    expect(statusAfterRun(store('unauthorized'), succeeded)).toEqual({ kind: 'authorized' });
  });

  it('leaves the status alone otherwise', () => {
    expect(statusAfterRun(store('active'), succeeded)).toEqual({ kind: 'unchanged' });
    expect(statusAfterRun(store('unauthorized'), failed)).toEqual({ kind: 'unchanged' });
    expect(statusAfterRun(store('active'), failed)).toEqual({ kind: 'unchanged' });
    expect(statusAfterRun(store('active'), aborted)).toEqual({ kind: 'unchanged' });
  });
});

describe('nextPollAfterRun', () => {
  it('polls again after the interval when a run succeeded', () => {
    expect(nextPollAfterRun(succeeded)).toBe('interval');
  });

  it('backs off after a failure', () => {
    expect(nextPollAfterRun(failed)).toBe('backoff');
  });

  it('waits the interval after refused credentials (the store is paused anyway)', () => {
    expect(nextPollAfterRun(refused)).toBe('interval');
  });

  it('leaves the schedule alone when the run was stopped from outside', () => {
    expect(nextPollAfterRun(aborted)).toBe('leave');
    expect(nextPollAfterRun({ ...succeeded, aborted: true })).toBe('leave');
  });
});

describe('retryDelaySeconds', () => {
  it('doubles the base delay per consecutive failure', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(3600, 10, n))).toEqual([10, 20, 40, 80]);
  });

  it('uses the base delay when no failure is counted', () => {
    expect(retryDelaySeconds(3600, 10, 0)).toBe(10);
  });

  it('never waits longer than the poll interval', () => {
    expect(retryDelaySeconds(60, 10, 4)).toBe(60);
    expect(retryDelaySeconds(60, 10, 12)).toBe(60);
  });

  it('caps the exponent at 20', () => {
    expect(retryDelaySeconds(Number.MAX_SAFE_INTEGER, 1, 30)).toBe(2 ** 20);
  });
});

describe('webhookAction', () => {
  const token = generateWebhookToken();
  const hooked = (
    status: StoreStatus,
  ): ReturnType<typeof store> & { webhookTokenHash: string } => ({
    ...store(status),
    webhookTokenHash: hashWebhookToken(token),
  });

  it('rejects an unknown store, a missing token and a wrong token alike', () => {
    expect(webhookAction(null, token, false)).toBe('reject');
    expect(webhookAction(hooked('active'), undefined, false)).toBe('reject');
    expect(webhookAction(hooked('active'), ['x'], false)).toBe('reject');
    expect(webhookAction(hooked('active'), generateWebhookToken(), false)).toBe('reject');
  });

  it('rejects a wrong token even for a paused store', () => {
    expect(webhookAction(hooked('disabled'), 'nope', false)).toBe('reject');
  });

  it('accepts but ignores a disabled or unauthorized store', () => {
    expect(webhookAction(hooked('disabled'), token, false)).toBe('ignore');
    expect(webhookAction(hooked('unauthorized'), token, false)).toBe('ignore');
    expect(webhookAction({ ...hooked('active'), enabled: false }, token, false)).toBe('ignore');
  });

  it('downloads an active store (debounced)', () => {
    expect(webhookAction(hooked('active'), token, false)).toBe('download');
  });

  it('marks the store due instead while shutting down', () => {
    expect(webhookAction(hooked('active'), token, true)).toBe('mark-due');
    expect(webhookAction(hooked('disabled'), token, true)).toBe('ignore');
  });
});
