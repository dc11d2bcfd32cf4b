import { MivaListQuery, where } from '../../miva/miva-list-query';
import type { MivaOrder } from '../../../miva-model/miva.models';
import { DownloadContext, DownloadError, orderQuery, startFromSeconds } from './download-strategy';
import { walkById } from './keyset-walk';

/** How far before Miva's "now" a window stops: orders being written right now settle first. */
export const SETTLE_SECONDS = 2;

export type DateField = 'orderdate' | 'dt_updated';

/**
 * `date_range` (orderdate) and `last_updated` (dt_updated, Miva 10.03+): download the window
 * [from, to) where `from` is the covered time minus the overlap and `to` stops a little before
 * Miva's now, all in UTC epoch seconds. Inside the window the orders are read by id, and the
 * position is saved after each committed page, so an interrupted run resumes in the window. The
 * covered time moves to `to` only once the whole window is committed.
 */
export async function downloadDateWindow(ctx: DownloadContext, field: DateField): Promise<void> {
  const { download, downloadCursor: cursor } = ctx.store;
  let window = cursor.window;
  if (window === undefined) {
    // One cheap read that matches nothing, to learn Miva's clock from its Date header.
    await ctx.api.loadOrders(MivaListQuery.create().where(where.eq('id', -1)), {
      count: 1,
      signal: ctx.signal,
    });
    const to = ctx.mivaNow() - SETTLE_SECONDS;
    const from =
      cursor.until !== undefined
        ? Math.max(0, cursor.until - download.overlap)
        : startFromSeconds(download.startFrom);
    if (to <= from) {
      return;
    }
    window = { from, to, afterId: 0 };
  }
  const { from, to } = window;
  const base = orderQuery().where(where.ge(field, from)).where(where.lt(field, to));
  await walkById({
    after: window.afterId,
    commits: ctx.commitsInFlight,
    signal: ctx.signal,
    fetch: async (after) => {
      const page = await ctx.api.loadOrders(base.where(where.gt('id', after)), {
        count: ctx.pageSize,
        passphrase: ctx.passphrase,
        signal: ctx.signal,
      });
      return { orders: page.data, totalCount: page.total_count };
    },
    commit: (orders) => {
      if (field === 'dt_updated') {
        assertHasUpdated(orders);
      }
      return ctx.commit(orders);
    },
    settle: async (lastId) => {
      await ctx.saveCursor({ until: cursor.until, window: { from, to, afterId: lastId } });
    },
  });
  await ctx.saveCursor({ until: to });
}

function assertHasUpdated(orders: readonly MivaOrder[]): void {
  if (orders.some((o) => typeof o?.dt_updated !== 'number')) {
    // Miva before 10.03 has no dt_updated and ignores a filter on it: everything would match.
    throw new DownloadError(
      'This Miva store does not report dt_updated (Miva 10.03+ is needed for last_updated); use date_range or a queue strategy',
    );
  }
}
