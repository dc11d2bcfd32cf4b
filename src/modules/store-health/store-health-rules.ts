// Pure rules of a store's health (docs/OPERATIONS.md, "Store health"): from the figures read in
// the database to a state and the reasons for it, in words a support person can act on.
import { FAILED_RUNS_IN_A_ROW } from '../exceptions/exception-rules';

export const HEALTH_STATES = ['ok', 'warning', 'failing'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export const RELAY_KINDS = ['shipments', 'cancellations', 'backorders', 'inventory'] as const;
export type RelayKind = (typeof RELAY_KINDS)[number];

export interface RelayFigures {
  pending: number;
  failed: number;
  oldestPendingAt: Date | null;
}

/** Relay work older than this makes a store `warning`. */
export const RELAY_WAIT_WARNING_MS = 10 * 60_000;
/** No successful download for this many poll intervals (and at least STALE_MIN_MS): `failing`. */
export const STALE_POLL_INTERVALS = 3;
export const STALE_MIN_MS = 3_600_000;

/** What decides whether a store is failing: its row and its download runs. */
export interface FailingFigures {
  status: string;
  statusMessage: string | null;
  enabled: boolean;
  pollIntervalSeconds: number;
  /** When the store was connected: the reference while no download ever succeeded. */
  connectedAt: Date;
  lastSuccessfulSyncAt: Date | null;
  consecutiveFailedRuns: number;
  /** The error of the latest failed run, if the latest run failed. */
  lastRunError: string | null;
}

export interface HealthFigures extends FailingFigures {
  openExceptions: number;
  relay: Record<RelayKind, RelayFigures>;
}

export interface HealthVerdict {
  state: HealthState;
  reasons: string[];
}

/** How long a store may go without a successful download before it is failing. */
export function staleAfterMs(pollIntervalSeconds: number): number {
  return Math.max(STALE_POLL_INTERVALS * pollIntervalSeconds * 1000, STALE_MIN_MS);
}

/**
 * Why the store is failing (empty: it is not): Miva refuses its credentials, its downloads
 * failed FAILED_RUNS_IN_A_ROW times in a row, or, while it is enabled, no download succeeded for
 * staleAfterMs since the last success (or since it was connected, if none ever did).
 */
export function failingReasons(f: FailingFigures, now: Date): string[] {
  const reasons: string[] = [];
  if (f.status === 'unauthorized') {
    reasons.push(
      `Miva refuses the store's credentials${f.statusMessage ? ` (${f.statusMessage})` : ''}: ` +
        'downloads and the relay are paused until the credentials are fixed',
    );
  }
  if (f.consecutiveFailedRuns >= FAILED_RUNS_IN_A_ROW) {
    reasons.push(
      `${f.consecutiveFailedRuns} download runs failed in a row` +
        (f.lastRunError ? `; the last: ${f.lastRunError}` : ''),
    );
  }
  if (f.enabled) {
    const since = f.lastSuccessfulSyncAt ?? f.connectedAt;
    const limit = staleAfterMs(f.pollIntervalSeconds);
    const quiet = now.getTime() - since.getTime();
    if (quiet > limit) {
      reasons.push(
        f.lastSuccessfulSyncAt === null
          ? `No download has succeeded since the store was connected ${formatDuration(quiet)} ago ` +
              `(expected within ${formatDuration(limit)})`
          : `No download has succeeded for ${formatDuration(quiet)}, since ` +
              `${f.lastSuccessfulSyncAt.toISOString()} (expected within ${formatDuration(limit)})`,
      );
    }
  }
  return reasons;
}

const RELAY_NOUNS: Record<RelayKind, [string, string]> = {
  shipments: ['shipment', 'shipments'],
  cancellations: ['cancellation', 'cancellations'],
  backorders: ['backorder', 'backorders'],
  inventory: ['inventory change', 'inventory changes'],
};

/** Why the store needs a look (empty: nothing): open exceptions, relay work waiting too long. */
export function warningReasons(
  f: Pick<HealthFigures, 'openExceptions' | 'relay'>,
  now: Date,
): string[] {
  const reasons: string[] = [];
  if (f.openExceptions > 0) {
    reasons.push(`${plural(f.openExceptions, 'open exception', 'open exceptions')} to look at`);
  }
  for (const kind of RELAY_KINDS) {
    const { pending, oldestPendingAt } = f.relay[kind];
    if (pending === 0 || oldestPendingAt === null) {
      continue;
    }
    const waiting = now.getTime() - oldestPendingAt.getTime();
    if (waiting > RELAY_WAIT_WARNING_MS) {
      const [one, many] = RELAY_NOUNS[kind];
      reasons.push(
        `${plural(pending, one, many)} waiting to reach Miva, the oldest for ` +
          `${formatDuration(waiting)} (since ${oldestPendingAt.toISOString()})`,
      );
    }
  }
  return reasons;
}

/** The store's state with every reason: failing ones first, then warnings. */
export function storeHealth(f: HealthFigures, now: Date): HealthVerdict {
  const failing = failingReasons(f, now);
  const warnings = warningReasons(f, now);
  let state: HealthState = 'ok';
  if (failing.length > 0) {
    state = 'failing';
  } else if (warnings.length > 0) {
    state = 'warning';
  }
  return { state, reasons: [...failing, ...warnings] };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "45 s", "12 min", "2 h 5 min", "3 d 4 h": precise enough for a person. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  }
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
