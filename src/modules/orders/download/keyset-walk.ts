import type { MivaOrder } from '../../miva/miva.models';
import { DownloadError } from './download-strategy';

export interface KeysetPage {
  orders: MivaOrder[];
  /** Miva's total_count: how many orders matched the query (ids above `after`) when read. */
  totalCount: number;
}

export interface KeysetWalk {
  /** Start after this Miva order id. */
  after: number;
  /** One page of the orders with id > after, in id order. */
  fetch(after: number): Promise<KeysetPage>;
  /** Handles one page; `lastId` is its highest order id. */
  process(orders: MivaOrder[], lastId: number): Promise<void>;
  /**
   * Fetch the next page while the current one is processed. Only where a read has no effect on
   * what is read next (never for a queue whose reads may remove orders: a crash would lose the
   * page read ahead).
   */
  prefetch: boolean;
  signal: AbortSignal;
}

/** The highest valid order id of a page. */
export function highestOrderId(orders: readonly MivaOrder[]): number | undefined {
  let highest: number | undefined;
  for (const order of orders) {
    const id = (order as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && Number.isInteger(id) && (highest === undefined || id > highest)) {
      highest = id;
    }
  }
  return highest;
}

/**
 * Reads a list by order id (`id > after`, sorted by id) instead of by offset: rows that enter or
 * leave the list meanwhile (acknowledged orders leaving a queue, orders updated out of a date
 * window) can never shift an unread row past the reader. Ends when Miva's total_count says the
 * page held every remaining match.
 */
export async function walkById(walk: KeysetWalk): Promise<void> {
  let after = walk.after;
  let pending: Promise<KeysetPage> | undefined = walk.fetch(after);
  try {
    while (pending !== undefined) {
      const page: KeysetPage = await pending;
      pending = undefined;
      if (page.orders.length === 0) {
        return;
      }
      const last = highestOrderId(page.orders);
      if (last === undefined) {
        throw new DownloadError(
          `Miva answered ${page.orders.length} orders without a valid id after id ${after}`,
        );
      }
      if (last <= after) {
        // Miva silently ignores a filter it does not support; never loop on the same page.
        throw new DownloadError(
          `Miva answered orders up to id ${last} when asked for ids above ${after}; the id filter was not applied`,
        );
      }
      after = last;
      const more = page.totalCount > page.orders.length;
      walk.signal.throwIfAborted();
      if (more && walk.prefetch) {
        pending = walk.fetch(after);
        // Observed on the next turn; do not let it go unhandled if processing throws first.
        pending.catch(() => undefined);
      }
      await walk.process(page.orders, last);
      if (more && pending === undefined) {
        walk.signal.throwIfAborted();
        pending = walk.fetch(after);
      }
    }
  } finally {
    if (pending !== undefined) {
      // A read ahead still in flight: let it finish before the run (and its lock) ends, so two
      // reads of the store never overlap.
      await pending.then(
        () => undefined,
        () => undefined,
      );
    }
  }
}
