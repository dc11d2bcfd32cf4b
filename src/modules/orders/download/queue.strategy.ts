import { where } from '../../miva/miva-list-query';
import { DownloadContext, DownloadError, orderQuery } from './download-strategy';
import { walkById } from './keyset-walk';
import { acknowledgeOrders, byIds, fingerprintsOf } from './order-acknowledger';

/**
 * `queue_ack` and `queue`: read the store's order queue page by page (by id, so orders leaving
 * the queue never make us skip one), commit each page, and with `acknowledge` tell Miva exactly
 * the committed ids, only after the commit. The queue itself is the cursor: an order not
 * acknowledged (crash, failure) is simply read again, and the upsert makes that harmless. An
 * order that changed between its read and its acknowledgement (Miva's queue flag was already set,
 * so the acknowledgement took the change out with it) is found by the acknowledgement's own
 * verification read and downloaded again at once. Orders re-queued during the run with an id
 * already passed are read by the next run.
 */
export async function downloadQueue(ctx: DownloadContext, acknowledge: boolean): Promise<void> {
  const queueCode = ctx.store.download.queueCode;
  if (queueCode === null || queueCode === '') {
    throw new DownloadError('The store has no queueCode for its queue strategy');
  }
  const base = orderQuery();
  await walkById({
    after: 0,
    // With acknowledgement a read removes nothing, so reading ahead is safe. Without it, a
    // store's workflow may move orders out of the queue as they are read: whatever is read must
    // be kept, so read the next page only after this one is committed.
    commits: acknowledge ? ctx.commitsInFlight : 0,
    signal: ctx.signal,
    fetch: async (after) => {
      const page = await ctx.api.loadQueueOrders(queueCode, base.where(where.gt('id', after)), {
        count: ctx.pageSize,
        passphrase: ctx.passphrase,
        signal: ctx.signal,
      });
      return { orders: page.data, totalCount: page.total_count };
    },
    commit: (orders) => {
      // What the acknowledgement's verification compares with: the orders need not stay parsed.
      const read = acknowledge ? fingerprintsOf(orders) : new Map<number, string>();
      return ctx.commit(orders).then((result) => ({ result, read }));
    },
    settle: async (_lastId, { result, read }) => {
      if (!acknowledge || result.committedIds.length === 0) {
        return;
      }
      const outcome = await acknowledgeOrders(ctx.api, read, result.committedIds, ctx.signal);
      ctx.acknowledged(outcome.acknowledged);
      if (outcome.changed.length > 0) {
        // Out of the queue now, so read them directly (no queue read, no workflow).
        const fresh = await ctx.api.loadOrders(byIds(base, outcome.changed), {
          count: outcome.changed.length,
          passphrase: ctx.passphrase,
          signal: ctx.signal,
        });
        await ctx.commit(fresh.data);
      }
    },
  });
}
