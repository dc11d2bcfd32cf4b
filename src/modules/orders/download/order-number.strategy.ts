import { where } from '../../miva/miva-list-query';
import { DownloadContext, orderQuery, startFromSeconds } from './download-strategy';
import { walkById } from './keyset-walk';

/**
 * `order_number`: every order with id ≥ (highest id committed − overlap). Miva hands out order
 * numbers when checkout starts, not when the order is placed, so a lower number can appear after
 * a higher one; the overlap re-reads that stretch (unchanged orders cost no revision). The first
 * run starts at `startFrom` (orderdate) when set. The highest id moves after each committed page.
 */
export async function downloadByOrderNumber(ctx: DownloadContext): Promise<void> {
  const { download, downloadCursor: cursor } = ctx.store;
  let base = orderQuery();
  let after = 0;
  if (cursor.lastOrderId !== undefined) {
    // id ≥ last − overlap, i.e. id > last − overlap − 1.
    after = Math.max(0, cursor.lastOrderId - download.overlap - 1);
  } else if (download.startFrom !== null) {
    base = base.where(where.ge('orderdate', startFromSeconds(download.startFrom)));
  }
  let highest = cursor.lastOrderId ?? 0;
  await walkById({
    after,
    commits: ctx.commitsInFlight,
    signal: ctx.signal,
    fetch: async (from) => {
      const page = await ctx.api.loadOrders(base.where(where.gt('id', from)), {
        count: ctx.pageSize,
        passphrase: ctx.passphrase,
        signal: ctx.signal,
      });
      return { orders: page.data, totalCount: page.total_count };
    },
    commit: (orders) => ctx.commit(orders),
    settle: async (lastId) => {
      if (lastId > highest) {
        highest = lastId;
        await ctx.saveCursor({ lastOrderId: highest });
      }
    },
  });
}
