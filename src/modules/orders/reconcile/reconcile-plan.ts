import type { ErrorDetail } from '../../../common/errors/domain-error';

/**
 * The reconciliation's decisions, as pure functions: the window of a request, which listed orders
 * are downloaded, how a listing is split into disjoint id ranges read side by side. ReconcileService
 * and ReconcileRunner apply them.
 */

export const REFETCH_MODES = ['missing', 'changed', 'all'] as const;
/** `missing`: not stored here; `changed`: also a newer Miva dt_updated; `all`: every order. */
export type RefetchMode = (typeof REFETCH_MODES)[number];

export const DEFAULT_REFETCH: RefetchMode = 'changed';
export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 8;
export const DEFAULT_CONCURRENCY = 2;
/** The daily reconciliation runs this often (and starts again after this when it ran). */
export const RECONCILE_EVERY_SECONDS = 24 * 3600;
/** A scheduled reconciliation that failed is tried again after this. */
export const RECONCILE_RETRY_SECONDS = 3600;

const DAY_MS = 24 * 3600 * 1000;

/** Orders placed in [from, to), in unix seconds (Miva's `orderdate`). */
export interface ReconcileWindow {
  from: number;
  to: number;
}

/** What one run does. */
export interface ReconcilePlan {
  window: ReconcileWindow;
  refetch: RefetchMode;
  concurrency: number;
}

export interface WindowInput {
  /** ISO 8601 (validated by the DTO). */
  from?: string;
  to?: string;
}

/**
 * The window of a request: `to` defaults to now, `from` to `to` minus the store's reconcileDays.
 * Instants become whole seconds rounded up at both ends, which keeps [from, to) exact: an order
 * placed at second s is in the window when from <= s < to. An empty window (from >= to) is
 * refused with the details to answer; there is no upper bound on its length.
 */
export function reconcileWindow(
  input: WindowInput,
  reconcileDays: number,
  now: Date,
): ReconcileWindow | ErrorDetail[] {
  const toMs = input.to !== undefined ? Date.parse(input.to) : now.getTime();
  const fromMs = input.from !== undefined ? Date.parse(input.from) : toMs - reconcileDays * DAY_MS;
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
    return [{ field: Number.isNaN(toMs) ? 'to' : 'from', message: 'must be an ISO 8601 date' }];
  }
  if (fromMs >= toMs) {
    const why =
      input.from === undefined
        ? `the store's reconcileDays (${reconcileDays}) leaves no window before to: give from`
        : 'must be before to';
    return [{ field: 'from', message: why }];
  }
  return { from: Math.max(0, Math.ceil(fromMs / 1000)), to: Math.max(0, Math.ceil(toMs / 1000)) };
}

/** The version of an order stored here (miva_orders), if any. */
export interface StoredVersion {
  dtUpdated: number | null;
}

/**
 * Whether a listed Miva order is downloaded. `changed` compares Miva's dt_updated with the stored
 * copy's: newer, or known in Miva but not stored, is a change. Without a dt_updated in Miva
 * (before 10.03) a change cannot be seen, so only missing orders are found.
 */
export function needsDownload(
  refetch: RefetchMode,
  mivaDtUpdated: number | null,
  stored: StoredVersion | undefined,
): boolean {
  if (stored === undefined || refetch === 'all') {
    return true;
  }
  if (refetch === 'missing' || mivaDtUpdated === null) {
    return false;
  }
  return stored.dtUpdated === null || mivaDtUpdated > stored.dtUpdated;
}

/** Orders with `after < id <= upTo` (no upper bound when upTo is null). */
export interface IdRange {
  after: number;
  upTo: number | null;
}

/**
 * Splits the rest of a listing, ids above `after` up to `highest` (the highest id in the window
 * when it was probed), into `parts` disjoint ranges of equal id span, read side by side. Order ids
 * are dense, so equal spans hold about equal counts. The last range has no upper bound: an order
 * placed in the window meanwhile (a higher id) is still listed, and nothing is read twice.
 */
export function listingRanges(after: number, highest: number, parts: number): IdRange[] {
  const span = highest - after;
  const count = Math.max(1, Math.min(Math.floor(parts), span));
  if (count <= 1) {
    return [{ after, upTo: null }];
  }
  const step = Math.ceil(span / count);
  const ranges: IdRange[] = [];
  for (let start = after; start < highest && ranges.length < count - 1; start += step) {
    ranges.push({ after: start, upTo: Math.min(start + step, highest) });
  }
  const lastStart = ranges.at(-1)?.upTo ?? after;
  ranges.push({ after: lastStart, upTo: null });
  return ranges;
}

/** How many ranges a listing of `remaining` more orders is split into. */
export function listingParts(remaining: number, pageSize: number, concurrency: number): number {
  return Math.max(1, Math.min(concurrency, Math.ceil(remaining / pageSize)));
}
