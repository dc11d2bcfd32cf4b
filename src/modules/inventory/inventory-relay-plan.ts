// Pure decisions of the inventory relay (../relay/README.md): what a batch carries, what a batch
// needs before Miva is called, and what Miva's answer (or the lack of one) means for it.
import { must } from '../../common/must';
import { MivaError, MivaErrorKind } from '../miva/miva-errors';
import { coalesce, PendingEvent, rejectedElements } from './inventory-batch';
import type { InventoryBatchAdjustment, InventoryBatchMarker } from './inventory-batch.entity';

/** The store's relay state as far as the marker goes (null: no state recorded yet). */
export interface MarkerState {
  markerSupported: boolean | null;
  markerCheckedAt: Date | null;
}

export interface BatchLimits {
  /** Distinct products in one call. */
  maxProducts: number;
  /** The product custom field that records the batch id. */
  markerField: string;
  /** How long a store whose marker field Miva refused goes without one. */
  markerRecheckMs: number;
}

export interface PlannedBatch {
  /** The events the batch carries (the oldest), and those handed back for a later one. */
  taken: PendingEvent[];
  left: PendingEvent[];
  adjustments: InventoryBatchAdjustment[];
  /** Where the batch id is recorded; null: sent without a marker. */
  marker: InventoryBatchMarker | null;
}

/**
 * The next batch of a store from its oldest pending events: the deltas coalesced per product
 * (at most `maxProducts`), and the marker on the first product unless Miva refused the store's
 * marker field less than `markerRecheckMs` ago.
 */
export function planBatch(
  events: readonly PendingEvent[],
  state: MarkerState | null,
  limits: BatchLimits,
  now: number,
): PlannedBatch {
  const { taken, left, adjustments } = coalesce(events, limits.maxProducts);
  const refusedAt = state?.markerSupported === false ? state.markerCheckedAt : null;
  const markerUsable = refusedAt === null || now - refusedAt.getTime() > limits.markerRecheckMs;
  const [firstAdjustment] = adjustments;
  const marker =
    markerUsable && firstAdjustment !== undefined
      ? { identifier: firstAdjustment.identifier, field: limits.markerField }
      : null;
  return { taken, left, adjustments, marker };
}

/** What a batch needs before Miva is called. */
export type BatchStep =
  | { kind: 'fail'; message: string }
  | { kind: 'sent' }
  | { kind: 'uncertain'; reason: string }
  | { kind: 'call' };

/**
 * `call` is the send for a new batch, the marker read for one found in flight (`foundInFlight`):
 * without a marker the outcome of the latter cannot be read, so it is parked for a true-up.
 */
export function batchStep(
  batch: { adjustments: readonly unknown[]; marker: InventoryBatchMarker | null },
  storeExists: boolean,
  foundInFlight: boolean,
): BatchStep {
  if (!storeExists) {
    return { kind: 'fail', message: 'The store was deleted' };
  }
  if (batch.adjustments.length === 0) {
    // Every product's deltas cancelled out: nothing to tell Miva.
    return { kind: 'sent' };
  }
  if (foundInFlight && batch.marker === null) {
    return {
      kind: 'uncertain',
      reason:
        'the bridge lost track of it while it was being sent, and this store has no marker field to read the outcome from',
    };
  }
  return { kind: 'call' };
}

/**
 * What an error without a usable answer means: `ran` (Miva answered the adjustment, a 206 whose
 * rest was lost), `not-applied` (the request certainly never took effect), or `in-doubt`.
 */
export type LostAnswer = 'ran' | 'not-applied' | 'in-doubt';

export function lostAnswer(error: unknown): LostAnswer {
  if (!(error instanceof MivaError)) {
    return 'in-doubt';
  }
  if ((error.completedOperations ?? 0) >= 1) {
    return 'ran';
  }
  return !error.outcomeUnknown && error.kind !== MivaErrorKind.Aborted ? 'not-applied' : 'in-doubt';
}

/** A batch whose adjustment ran (its marker landed, or Miva answered it) and what it settles to. */
export type RanVerdict =
  { kind: 'sent' } | { kind: 'rejected'; failed: Map<string, string> } | { kind: 'resend' };

/**
 * `landed`: the marker holds the batch id (or the adjustment is known to have run). Miva checks
 * every element before applying any, so a product it cannot resolve means it refused them all.
 */
export function ranVerdict(landed: boolean, unknown: ReadonlySet<string>): RanVerdict {
  if (!landed) {
    return { kind: 'resend' };
  }
  if (unknown.size === 0) {
    return { kind: 'sent' };
  }
  return { kind: 'rejected', failed: productsNotFound(unknown) };
}

/** The message each unresolvable product's events are parked with. */
export function productsNotFound(unknown: Iterable<string>, reason?: string): Map<string, string> {
  const suffix = reason === undefined ? '' : ` (${reason})`;
  return new Map(
    [...unknown].map((id) => [id, `Miva rejected ${id}: product not found${suffix}`] as const),
  );
}

/**
 * Miva refused the adjustment: park the products it named (`named`), park every event when it
 * named none and the refusal is not about the input (`all`), or find the products it cannot
 * resolve (`look-up`).
 */
export type Refusal =
  { kind: 'named'; failed: Map<string, string> } | { kind: 'all' } | { kind: 'look-up' };

export function refusal(
  error: MivaError,
  adjustments: readonly InventoryBatchAdjustment[],
): Refusal {
  const failed = new Map<string, string>();
  for (const element of rejectedElements(error.fields, adjustments.length)) {
    // rejectedElements keeps only indexes below adjustments.length.
    const { identifier } = must(adjustments[element.index], 'the rejected adjustment');
    failed.set(identifier, `Miva rejected ${identifier}: ${element.message} [${error.code ?? ''}]`);
  }
  if (failed.size > 0) {
    return { kind: 'named', failed };
  }
  return error.kind === MivaErrorKind.InvalidInput ? { kind: 'look-up' } : { kind: 'all' };
}
