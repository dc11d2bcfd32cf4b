import type { StoreEntity } from '../../stores/store.entity';
import { isStoreActive } from '../../stores/store-status';
import { webhookTokenMatches } from '../../stores/webhook-token';
import type { SyncTrigger } from '../sync-run.entity';
import type { RunOutcome } from './store-download.runner';

/**
 * The download engine's decisions, as pure functions: whether a store may download now, what a
 * finished run changes on its store, when it polls next, what a webhook causes. OrdersSyncService
 * and WebhooksService apply them.
 */

type StoreForStart = Pick<StoreEntity, 'enabled' | 'status' | 'nextPollAt'>;

/** Why the store must not download for this trigger now, or undefined when it may. */
export function skipReason(
  store: StoreForStart,
  trigger: SyncTrigger,
  now: Date = new Date(),
): string | undefined {
  if (!store.enabled) {
    return 'the store is disabled';
  }
  // A refused store pauses until its credentials are patched; a manual sync may still try.
  if (store.status === 'unauthorized' && trigger !== 'manual') {
    return 'Miva refused the store credentials';
  }
  // Another instance may have run it between the due check and taking the lock.
  if (trigger === 'schedule' && (store.nextPollAt === null || store.nextPollAt > now)) {
    return 'not due';
  }
  return undefined;
}

type RunEnding = Pick<RunOutcome, 'status' | 'error' | 'unauthorized' | 'aborted'>;

/** What a finished run changes on its store's status. */
export type StatusAfterRun =
  | { kind: 'unchanged' }
  /** Miva refused the credentials the run used: pause the store with Miva's message. */
  | { kind: 'unauthorized'; message: string }
  /** The run succeeded with the credentials of an unauthorized store: it is active again. */
  | { kind: 'authorized' };

export function statusAfterRun(store: Pick<StoreEntity, 'status'>, run: RunEnding): StatusAfterRun {
  if (run.unauthorized && run.error !== null) {
    return { kind: 'unauthorized', message: run.error };
  }
  if (run.status === 'succeeded' && store.status === 'unauthorized') {
    return { kind: 'authorized' };
  }
  return { kind: 'unchanged' };
}

/**
 * When the store polls next after a run: `leave` keeps the schedule as it is (a run stopped from
 * outside resumes as soon as it can), `backoff` after a failure other than refused credentials,
 * `interval` otherwise.
 */
export type NextPoll = 'leave' | 'interval' | 'backoff';

export function nextPollAfterRun(run: RunEnding): NextPoll {
  if (run.aborted) {
    return 'leave';
  }
  return run.status === 'failed' && !run.unauthorized ? 'backoff' : 'interval';
}

/**
 * Seconds until the retry after `failures` failed runs in a row: the base delay doubling per
 * failure (the exponent capped at 20), never longer than the poll interval.
 */
export function retryDelaySeconds(
  intervalSeconds: number,
  retryBaseSeconds: number,
  failures: number,
): number {
  const backoff = retryBaseSeconds * 2 ** Math.max(0, Math.min(failures - 1, 20));
  return Math.min(intervalSeconds, backoff);
}

type StoreForWebhook = Pick<StoreEntity, 'enabled' | 'status' | 'webhookTokenHash'>;

/**
 * What a webhook causes: `reject` (404) for an unknown store or a wrong token, alike to the
 * caller; `ignore` for a paused or disabled store (accepted, no download); at shutdown `mark-due`
 * (the next start downloads); otherwise a debounced `download`.
 */
export function webhookAction(
  store: StoreForWebhook | null,
  token: unknown,
  stopping: boolean,
): 'reject' | 'ignore' | 'mark-due' | 'download' {
  if (!store || typeof token !== 'string' || !webhookTokenMatches(token, store.webhookTokenHash)) {
    return 'reject';
  }
  if (!isStoreActive(store)) {
    return 'ignore';
  }
  return stopping ? 'mark-due' : 'download';
}
