// Pure rules of inventory batches: coalescing pending deltas per product, and reading which
// elements Miva named when it rejected a ProductList_Adjust_Inventory call.
import type { MivaFieldError } from '../miva/miva-errors';
import type { InventoryBatchAdjustment } from './inventory-batch.entity';

export interface PendingEvent {
  seq: string;
  identifier: string;
  delta: number;
}

export interface Coalesced {
  /** The events the batch carries: a prefix (by seq) of the pending events. */
  taken: PendingEvent[];
  /** The events left for a later batch (beyond the product limit). */
  left: PendingEvent[];
  /** One entry per product whose deltas do not cancel out, in first-seen order. */
  adjustments: InventoryBatchAdjustment[];
}

/**
 * Sums the deltas per product. The batch takes the oldest events up to the first event of the
 * (maxProducts+1)-th product, so each product's deltas stay in order across batches. A product
 * whose deltas sum to zero needs no call (sending 0 would switch tracking on at Miva).
 */
export function coalesce(events: readonly PendingEvent[], maxProducts: number): Coalesced {
  const sums = new Map<string, number>();
  let cut = events.length;
  for (const [i, { identifier, delta }] of events.entries()) {
    if (!sums.has(identifier) && sums.size >= maxProducts) {
      cut = i;
      break;
    }
    sums.set(identifier, (sums.get(identifier) ?? 0) + delta);
  }
  const adjustments = [...sums]
    .filter(([, delta]) => delta !== 0)
    .map(([identifier, delta]) => ({ identifier, delta }));
  return { taken: events.slice(0, cut), left: events.slice(cut), adjustments };
}

export interface RejectedElement {
  /** 0-based index into the adjustments sent. */
  index: number;
  message: string;
}

const ELEMENT = /^Inventory_Adjustments\[(\d+)\]/i;

/**
 * The elements Miva named in a rejection (`Inventory_Adjustments[n]:product_sku`). Miva's arrays
 * are 1-based (MivaScript); a 0 seen anywhere means the server counts from 0.
 */
export function rejectedElements(
  fields: readonly MivaFieldError[],
  sent: number,
): RejectedElement[] {
  const found = fields.flatMap((f) => {
    const match = ELEMENT.exec(f.field);
    return match ? [{ n: Number(match[1]), field: f.field, message: f.message }] : [];
  });
  const zeroBased = found.some((f) => f.n === 0);
  const out = new Map<number, RejectedElement>();
  for (const f of found) {
    const index = zeroBased ? f.n : f.n - 1;
    if (index >= 0 && index < sent && !out.has(index)) {
      out.set(index, { index, message: `${f.message} (${f.field})` });
    }
  }
  return [...out.values()].sort((a, b) => a.index - b.index);
}
