// The decisions of a stock true-up, pure (docs/REST.md, "Stock true-ups"): what one level means
// against Miva's stock, what the relay's outcome of its delta means, and the counts.
import type { ProductIdentifier } from '../../mappers/mapper-settings';
import type { InventoryEventStatus } from '../inventory/inventory-event.entity';
import type { TrueUpResult } from './true-up-item.entity';

/** What Miva said of one product's stock (`product_inventory` on-demand column). */
export interface MivaStock {
  product_inventory_active?: boolean;
  product_inventory?: number;
}

export interface LevelAssessment {
  reserved: number;
  target: number;
  miva: number | null;
  delta: number | null;
  /** Null: the delta is to be applied (the outcome decides the result). */
  result: TrueUpResult | null;
  message: string | null;
}

/**
 * One level against the Miva products found for its identifier. `target` = available − reserved
 * (units sold in orders the OMS has not acknowledged); Miva is moved by `delta` = target − miva,
 * never to an absolute value, so a checkout between our read and our write is kept.
 */
export function assessLevel(
  available: number,
  reserved: number,
  matches: readonly MivaStock[],
  apply: boolean,
  by: ProductIdentifier,
): LevelAssessment {
  const target = available - reserved;
  const none = { reserved, target, miva: null, delta: null };
  const [product, ...others] = matches;
  if (product === undefined) {
    return {
      ...none,
      result: 'unknown',
      message: `No Miva product has this ${by === 'sku' ? 'SKU' : 'product code'}`,
    };
  }
  if (others.length > 0) {
    return {
      ...none,
      result: 'failed',
      message: `Ambiguous product SKU: ${matches.length} Miva products have it; nothing was changed`,
    };
  }
  if (product.product_inventory_active !== true) {
    // Miva answers 0 for such a product, which does not mean none in stock; an adjustment would
    // switch tracking on (docs/MIVA.md, ProductList_Adjust_Inventory), so nothing is written.
    return {
      ...none,
      result: 'untracked',
      message: 'Miva does not track inventory for this product; nothing was written',
    };
  }
  const miva = product.product_inventory ?? 0;
  const delta = target - miva;
  if (delta === 0) {
    return { reserved, target, miva, delta, result: 'in_sync', message: null };
  }
  return { reserved, target, miva, delta, result: apply ? null : 'drifted', message: null };
}

/** The id of the inventory event that carries a true-up item's delta. */
export function trueUpEventId(trueUpId: string, position: number): string {
  return `true-up:${trueUpId}:${position}`;
}

/** The position an event id of this true-up names (undefined: not one of its events). */
export function positionOfEvent(trueUpId: string, eventId: string): number | undefined {
  const prefix = `true-up:${trueUpId}:`;
  if (!eventId.startsWith(prefix)) {
    return undefined;
  }
  const position = Number(eventId.slice(prefix.length));
  return Number.isInteger(position) && position >= 0 ? position : undefined;
}

/**
 * An applied item's result from its event: still pending (null), sent → applied, parked →
 * failed with Miva's message (the relay opened the exception). No event at all → failed.
 */
export function appliedResult(
  outcome: { status: InventoryEventStatus; lastError: string | null } | undefined,
): { result: TrueUpResult | null; message: string | null } {
  if (outcome === undefined) {
    return { result: 'failed', message: 'The adjustment could not be queued for Miva' };
  }
  switch (outcome.status) {
    case 'pending':
      return { result: null, message: null };
    case 'sent':
      return { result: 'applied', message: null };
    case 'failed':
      return { result: 'failed', message: outcome.lastError ?? 'Miva refused the adjustment' };
  }
}

export interface TrueUpCounts {
  products: number;
  inSync: number;
  /** Every product whose Miva stock does not match the OMS's (all but inSync once decided). */
  drifted: number;
  applied: number;
  unknown: number;
  untracked: number;
  failed: number;
}

/** The counts of a true-up's items (items not yet read count only in `products`). */
export function countTrueUp(
  items: readonly { result: TrueUpResult | null; delta: number | null }[],
): TrueUpCounts {
  const counts: TrueUpCounts = {
    products: items.length,
    inSync: 0,
    drifted: 0,
    applied: 0,
    unknown: 0,
    untracked: 0,
    failed: 0,
  };
  for (const { result, delta } of items) {
    switch (result) {
      case 'in_sync':
        counts.inSync += 1;
        continue;
      case 'applied':
        counts.applied += 1;
        break;
      case 'unknown':
        counts.unknown += 1;
        break;
      case 'untracked':
        counts.untracked += 1;
        break;
      case 'failed':
        counts.failed += 1;
        break;
      case 'drifted':
        break;
      case null:
        if (delta === null || delta === 0) {
          // Not read yet.
          continue;
        }
    }
    counts.drifted += 1;
  }
  return counts;
}
