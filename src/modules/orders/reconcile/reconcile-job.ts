import type { MivaApi } from '../../miva/miva-api';
import { MivaListQuery, where } from '../../miva/miva-list-query';
import { ORDER_DOWNLOAD_COLUMNS, type MivaOrder } from '../../../miva-model/miva.models';
import type { IngestResult } from '../order-ingest.service';
import { DownloadError, orderQuery } from '../download/download-strategy';
import { highestOrderId } from '../download/keyset-walk';
import { byIds } from '../download/order-acknowledger';
import type { SyncCounts } from '../download/sync-runs.repository';
import { ReadSlots } from './read-slots';
import {
  IdRange,
  listingParts,
  listingRanges,
  needsDownload,
  ReconcilePlan,
  StoredVersion,
} from './reconcile-plan';

/** What one reconciliation needs from outside: Miva, the stored versions, the ingest. */
export interface ReconcileJobDeps {
  /** A client allowing `plan.concurrency` requests in flight. */
  api: MivaApi;
  passphrase: string | undefined;
  /** Orders per listing request (base fields only). */
  listPageSize: number;
  /** Orders per download request (full orders). */
  downloadPageSize: number;
  signal: AbortSignal;
  stored(mivaOrderIds: readonly number[]): Promise<Map<number, StoredVersion>>;
  /** Maps and commits full orders through the ingest (one transaction). */
  commit(orders: MivaOrder[]): Promise<IngestResult>;
  /** Saves the counters (and the run's heartbeat). */
  progress(counts: SyncCounts): Promise<void>;
}

/**
 * One reconciliation of one store: lists the Miva orders placed in the window with their base
 * fields only (no on-demand column: ids and dt_updated are all it needs), compares each listing
 * page with the stored versions, and downloads the orders to fetch as full orders by id, in
 * chunks of consecutive ids. With `all` there is nothing to compare: the listing itself reads
 * full orders, a download's page at a time, and commits them. Never reads or acknowledges a queue.
 *
 * Listing is by id (`id > last`, sorted by id). The first page says how many orders the window
 * holds; when more follow, the rest is split into disjoint id ranges (up to the highest id in the
 * window) listed side by side. Every Miva read, listing or download, takes one of
 * `plan.concurrency` slots; downloads go first, and listing pauses while 2 × concurrency pages
 * wait to be downloaded or committed, so memory stays bounded whatever the window. The first
 * failure stops every read and is thrown once everything in flight has settled.
 */
export class ReconcileJob {
  readonly counts: SyncCounts = { seen: 0, created: 0, updated: 0, acknowledged: 0, failed: 0 };
  private readonly slots: ReadSlots;
  private readonly stop = new AbortController();
  private readonly signal: AbortSignal;
  private readonly window: MivaListQuery;
  /** `all` needs no comparison: the listing reads full orders and commits them at once. */
  private readonly full: boolean;
  private readonly maxQueued: number;
  private queued = 0;
  private wakeQueue: (() => void)[] = [];
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly plan: ReconcilePlan,
    private readonly deps: ReconcileJobDeps,
  ) {
    this.slots = new ReadSlots(plan.concurrency);
    this.signal = AbortSignal.any([deps.signal, this.stop.signal]);
    this.window = MivaListQuery.create()
      .where(where.ge('orderdate', plan.window.from))
      .where(where.lt('orderdate', plan.window.to));
    this.full = plan.refetch === 'all';
    this.maxQueued = 2 * plan.concurrency;
  }

  /** Runs to the end; throws the first failure once nothing is in flight any more. */
  async run(): Promise<SyncCounts> {
    try {
      await this.list();
    } catch (error) {
      this.fail(error);
    }
    await this.whenQueuedBelow(1, true);
    if (this.failure !== undefined) {
      throw this.failure.error;
    }
    return this.counts;
  }

  private async list(): Promise<void> {
    const first = new Chunker(this);
    const page = await this.listPage({ after: 0, upTo: null }, 0);
    const after = await this.take(page, 0, first);
    if (after === undefined) {
      first.flush();
      return;
    }
    const parts = listingParts(
      page.total_count - page.data.length,
      this.listPageSize,
      this.plan.concurrency,
    );
    let ranges: IdRange[] = [{ after, upTo: null }];
    if (parts > 1) {
      // The highest id in the window bounds the split of the rest into ranges.
      const top = await this.slots.run('list', () =>
        this.deps.api.loadOrders(this.window.sort('id', 'desc'), { count: 1, signal: this.signal }),
      );
      ranges = listingRanges(after, highestOrderId(top.data) ?? after, parts);
    }
    // The first range continues the first page's ids: its chunker carries them on.
    const walks = await Promise.allSettled(
      ranges.map((range, i) => this.walk(range, i === 0 ? first : new Chunker(this))),
    );
    for (const walk of walks) {
      if (walk.status === 'rejected') {
        throw walk.reason;
      }
    }
  }

  /** Lists one id range to its end, handing the orders to fetch to `chunker`. */
  private async walk(range: IdRange, chunker: Chunker): Promise<void> {
    for (let after: number | undefined = range.after; after !== undefined;) {
      // Downloads and commits first: listing waits while enough of them are queued.
      await this.whenQueuedBelow(this.maxQueued, false);
      this.signal.throwIfAborted();
      after = await this.take(await this.listPage(range, after), after, chunker);
    }
    chunker.flush();
  }

  private get listPageSize(): number {
    return this.full ? this.deps.downloadPageSize : this.deps.listPageSize;
  }

  private listPage(range: IdRange, after: number) {
    let query = this.window.where(where.gt('id', after));
    if (range.upTo !== null) {
      query = query.where(where.le('id', range.upTo));
    }
    if (this.full) {
      query = query.columns(...ORDER_DOWNLOAD_COLUMNS);
    }
    return this.slots.run('list', () =>
      this.deps.api.loadOrders(query.sort('id'), {
        count: this.listPageSize,
        passphrase: this.full ? this.deps.passphrase : undefined,
        signal: this.signal,
      }),
    );
  }

  /**
   * Compares a listing page with the stored versions and queues the orders to fetch. Returns
   * the id to list after, or undefined when the page held the rest of its range.
   */
  private async take(
    page: { data: MivaOrder[]; total_count: number },
    after: number,
    chunker: Chunker,
  ): Promise<number | undefined> {
    if (page.data.length === 0) {
      return undefined;
    }
    const last = highestOrderId(page.data);
    if (last === undefined || last <= after) {
      // Miva silently ignores a filter it does not support; never loop on the same page.
      throw new DownloadError(
        `Miva answered orders up to id ${last ?? '?'} when asked for ids above ${after}; the id filter was not applied`,
      );
    }
    const listed: { id: number; dtUpdated: number | null }[] = [];
    for (const order of page.data) {
      if (Number.isInteger(order?.id)) {
        listed.push({
          id: order.id,
          dtUpdated: typeof order.dt_updated === 'number' ? order.dt_updated : null,
        });
      }
    }
    this.counts.seen += listed.length;
    if (this.full) {
      const orders = page.data;
      this.enqueue(() => this.commit(orders));
      await this.deps.progress(this.counts);
      return page.total_count > page.data.length ? last : undefined;
    }
    listed.sort((a, b) => a.id - b.id);
    const stored = await this.deps.stored(listed.map((o) => o.id));
    for (const order of listed) {
      if (needsDownload(this.plan.refetch, order.dtUpdated, stored.get(order.id))) {
        chunker.add(order.id);
      }
    }
    await this.deps.progress(this.counts);
    return page.total_count > page.data.length ? last : undefined;
  }

  /** Downloads one chunk of ids as full orders and commits them (queued until committed). */
  download(ids: number[]): void {
    this.enqueue(async () => {
      const page = await this.slots.run('download', () =>
        this.deps.api.loadOrders(byIds(orderQuery(), ids), {
          count: ids.length,
          passphrase: this.deps.passphrase,
          signal: this.signal,
        }),
      );
      // An order deleted in Miva since it was listed is simply not there.
      await this.commit(page.data);
    });
  }

  private async commit(orders: MivaOrder[]): Promise<void> {
    this.signal.throwIfAborted();
    const result = await this.deps.commit(orders);
    this.counts.created += result.created;
    this.counts.updated += result.updated;
    this.counts.failed += result.failed;
    await this.deps.progress(this.counts);
  }

  /** Runs `task` in the background, counted as queued until it settles. */
  private enqueue(task: () => Promise<void>): void {
    this.queued += 1;
    task()
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.queued -= 1;
        const waiting = this.wakeQueue;
        this.wakeQueue = [];
        for (const wake of waiting) {
          wake();
        }
      });
  }

  get downloadPageSize(): number {
    return this.deps.downloadPageSize;
  }

  /** Resolves once fewer than `limit` tasks are queued (or, unless `drain`, once failed). */
  private async whenQueuedBelow(limit: number, drain: boolean): Promise<void> {
    while (this.queued >= limit && (drain || this.failure === undefined)) {
      await new Promise<void>((resolve) => this.wakeQueue.push(resolve));
    }
  }

  private fail(error: unknown): void {
    if (this.failure === undefined) {
      this.failure = { error };
      this.stop.abort(error);
      const waiting = this.wakeQueue;
      this.wakeQueue = [];
      for (const wake of waiting) {
        wake();
      }
    }
  }
}

/**
 * Collects the ids to fetch of one listing range, in id order, into download chunks: each chunk is
 * a run of consecutive ids of the range, so chunks never overlap.
 */
class Chunker {
  private ids: number[] = [];

  constructor(private readonly job: ReconcileJob) {}

  add(id: number): void {
    this.ids.push(id);
    if (this.ids.length >= this.job.downloadPageSize) {
      this.job.download(this.ids);
      this.ids = [];
    }
  }

  flush(): void {
    if (this.ids.length > 0) {
      this.job.download(this.ids);
      this.ids = [];
    }
  }
}
