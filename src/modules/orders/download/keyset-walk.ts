import { setImmediate } from 'node:timers/promises';
import type { MivaOrder } from '../../../miva-model/miva.models';
import { DownloadError } from './download-strategy';

export interface KeysetPage {
  orders: MivaOrder[];
  /** Miva's total_count: how many orders matched the query (ids above `after`) when read. */
  totalCount: number;
}

export interface KeysetWalk<C> {
  /** Start after this Miva order id. */
  after: number;
  /** One page of the orders with id > after, in id order. */
  fetch(after: number): Promise<KeysetPage>;
  /** Commits one page. Up to `commits` pages may be committing at once, in any order. */
  commit(orders: MivaOrder[]): Promise<C>;
  /**
   * Runs once a page is committed, strictly in page order (so a cursor never moves past a page
   * still being committed): acknowledgements, cursor saves. `lastId` is the page's highest id;
   * whatever else it needs of the page, `commit` returns (the walk keeps no parsed orders).
   */
  settle(lastId: number, committed: C): Promise<void>;
  /**
   * Pages that may be unsettled (committing or settling) while the next one is read. 0 reads the
   * next page only once every page read is committed and settled: required where a read may
   * remove orders (a queue without acknowledgement), since a crash would lose whatever was read
   * ahead.
   */
  commits: number;
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

/** A page read and handed to `commit`, until it has settled. */
interface Unsettled {
  committed: Promise<unknown>;
  settled: Promise<void>;
}

/**
 * Reads a list by order id (`id > after`, sorted by id) instead of by offset: rows that enter or
 * leave the list meanwhile (acknowledged orders leaving a queue, orders updated out of a date
 * window) can never shift an unread row past the reader. Reads are sequential (never two at
 * once); the next page is asked for as soon as a page has arrived, so Miva prepares it while this
 * one is mapped and committed. Up to `commits` pages may be unsettled (committing, or settling:
 * an acknowledgement is a Miva round trip of its own) while the next one is read; they settle in
 * page order. Ends when Miva's total_count says a page held every remaining match.
 */
export async function walkById<C>(walk: KeysetWalk<C>): Promise<void> {
  const window = Math.max(0, Math.floor(walk.commits));
  const unsettled: Unsettled[] = [];
  // Each page settles after its own commit and after the page before it has settled; once one
  // fails, no later page settles (its cursor would pass the failed page).
  let settledSoFar: Promise<void> = Promise.resolve();
  const settleUntil = async (left: number): Promise<void> => {
    while (unsettled.length > left) {
      await unsettled.shift()?.settled;
    }
  };
  const read = (after: number): Promise<KeysetPage> => {
    walk.signal.throwIfAborted();
    const page = walk.fetch(after);
    // Awaited in its turn; never left unhandled while the page before it is committed.
    page.catch(() => undefined);
    return page;
  };
  let after = walk.after;
  let reading: Promise<KeysetPage> | undefined = read(after);
  try {
    while (reading !== undefined) {
      const page = await reading;
      reading = undefined;
      walk.signal.throwIfAborted();
      if (page.orders.length === 0) {
        break;
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
      if (more && window > 0) {
        // At most `window` pages unsettled (this one included) while the next is read.
        await settleUntil(window - 1);
        reading = read(after);
        // Let that request leave before this page is mapped: the mapping holds the thread.
        await setImmediate();
      }
      const committed = walk.commit(page.orders);
      settledSoFar = settledSoFar.then(async () => walk.settle(last, await committed));
      // Both are observed in their turn (settleUntil, finally); never left unhandled meanwhile.
      committed.catch(() => undefined);
      settledSoFar.catch(() => undefined);
      unsettled.push({ committed, settled: settledSoFar });
      if (more && window === 0) {
        // Nothing read ahead: this page is committed and settled before the next read.
        await settleUntil(0);
        reading = read(after);
      }
    }
    await settleUntil(0);
  } finally {
    // On a failure: let every commit and settle still running finish (or fail) before the run
    // and its lock end, and never leave a read in flight either.
    await Promise.allSettled([
      reading,
      ...unsettled.flatMap((page) => [page.committed, page.settled]),
    ]);
  }
}
