import { Injectable } from '@nestjs/common';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { MivaRelayClients, RelayStore } from '../relay/miva-relay-clients';
import { errorMessage, failureAction, retryDelayMs } from '../relay/relay-backoff';
import { RelaySettings } from '../relay/relay-settings';
import { StoreEvents } from '../stores/store-events';
import { assessListing, listingChanges } from './listing-plan';
import {
  ListingAssessmentRow,
  ListingItemRow,
  ListingOutcome,
  ListingSyncsRepository,
} from './listing-syncs.repository';
import { readProducts } from './product-reads';
import type { LeasedJob } from './stock-job-statements';
import { StockJobWorker } from './stock-job-worker';

/** Product_Update iterations per request (one answer per product). */
export const LISTINGS_PER_WRITE = 100;
/** Failed Miva calls in a row before a sync gives up (saying what was written). */
export const MAX_SYNC_ATTEMPTS = 5;

/**
 * Runs listing syncs (docs/OPERATIONS.md, "Listing syncs"), per store one at a time: reads
 * Miva's price and active flag of every listing, records them with what is to change (so the
 * report keeps old and new values), then writes only the differences with Product_Update,
 * a hundred products per request. Product_Update sets absolute values, so a write repeated after
 * a crash changes nothing more; a repeated sync finds nothing to write.
 */
@Injectable()
export class ListingSyncRunnerService extends StockJobWorker<LeasedJob> {
  constructor(
    private readonly syncs: ListingSyncsRepository,
    private readonly clients: MivaRelayClients,
    private readonly exceptions: ExceptionsService,
    settings: RelaySettings,
    storeEvents: StoreEvents,
  ) {
    super(ListingSyncRunnerService.name, settings, storeEvents, syncs.jobs);
  }

  protected claim(limit: number, leaseMs: number): Promise<LeasedJob[]> {
    return this.syncs.claim(limit, leaseMs);
  }

  protected async run(job: LeasedJob, signal: AbortSignal, cutoff: AbortSignal): Promise<void> {
    const store = await this.clients.forStore(job.storeId, 'inventory');
    if (store === null) {
      await this.syncs.finish(job, 'The store was deleted');
      return;
    }
    if (!store.active) {
      await this.release(job, 0, null);
      return;
    }
    if (job.phase === 'reading' && !(await this.read(job, store, signal, cutoff))) {
      return;
    }
    await this.write(job, store, signal, cutoff);
  }

  /** True when there are listings to write (the sync is `writing` now). */
  private async read(
    job: LeasedJob,
    store: RelayStore,
    signal: AbortSignal,
    cutoff: AbortSignal,
  ): Promise<boolean> {
    const items = await this.syncs.items(job.id);
    const by = store.productIdentifier;
    let products;
    try {
      products = await readProducts(
        store.api,
        items.map((i) => i.identifier),
        by,
        { signal: cutoff },
      );
    } catch (error) {
      await this.failed(job, store, error, signal, 'Miva could not be read');
      return false;
    }
    if (signal.aborted) {
      return false;
    }
    const rows: ListingAssessmentRow[] = items.map((item) => ({
      position: item.position,
      ...assessListing(item, products.get(item.identifier.toLowerCase()) ?? [], by),
    }));
    const toWrite = rows.some((r) => r.result === null);
    const recorded = await this.syncs.recordAssessment(
      job,
      rows,
      toWrite ? 'writing' : 'succeeded',
    );
    if (recorded && !toWrite) {
      await this.reportRefusals(job);
    }
    return recorded && toWrite;
  }

  private async write(
    job: LeasedJob,
    store: RelayStore,
    signal: AbortSignal,
    cutoff: AbortSignal,
  ): Promise<void> {
    const todo = await this.syncs.toWrite(job.id);
    for (let i = 0; i < todo.length; i += LISTINGS_PER_WRITE) {
      if (signal.aborted) {
        return;
      }
      const batch = todo.slice(i, i + LISTINGS_PER_WRITE);
      let results;
      try {
        results = await store.api.client.callIterations(
          'Product_Update',
          {},
          batch.map((item) => productUpdate(item, store)),
          { idempotent: true, signal: cutoff },
        );
      } catch (error) {
        await this.failed(job, store, error, signal, 'Miva could not be written');
        return;
      }
      const outcomes: ListingOutcome[] = batch.map((item, k) => {
        const result = results[k];
        return result?.ok
          ? { position: item.position, result: 'updated', message: null }
          : {
              position: item.position,
              result: 'failed',
              message: result ? errorMessage(result.error) : 'Miva gave no answer for it',
            };
      });
      if (!(await this.syncs.recordOutcomes(job, outcomes))) {
        return;
      }
    }
    if (await this.syncs.finish(job, null)) {
      await this.reportRefusals(job);
    }
  }

  /** A Miva failure of a whole request: retried with backoff, given up after a few. */
  private async failed(
    job: LeasedJob,
    store: RelayStore,
    error: unknown,
    signal: AbortSignal,
    what: string,
  ): Promise<void> {
    if (signal.aborted) {
      return;
    }
    if (await this.clients.pauseIfRefused(store, error)) {
      await this.release(job, 0, null);
      return;
    }
    const message = `${what}: ${errorMessage(error)}`;
    const action = failureAction(error);
    const attempts = job.attempts + 1;
    if (action === 'permanent' || attempts >= MAX_SYNC_ATTEMPTS) {
      this.logger.warn(`listing sync ${job.id}: ${message}`);
      if (await this.syncs.finish(job, message)) {
        await this.reportRefusals(job);
      }
      return;
    }
    await this.release(job, retryDelayMs(attempts, action === 'blocked', this.settings), message);
  }

  /** One exception per sync with listings Miva refused (or that could not be written). */
  private async reportRefusals(job: LeasedJob): Promise<void> {
    const failed = (await this.syncs.items(job.id)).filter((i) => i.result === 'failed');
    const [firstFailed] = failed;
    if (firstFailed === undefined) {
      return;
    }
    await this.exceptions.open(
      { storeId: job.storeId, type: 'listing_sync', id: job.id },
      'MIVA_REFUSED',
      `${failed.length} listing(s) of sync ${job.id} were not written; ` +
        `${firstFailed.identifier}: ${firstFailed.message ?? 'refused'}`,
    );
  }
}

/** The Product_Update of one listing: its loader and only the fields that change. */
function productUpdate(item: ListingItemRow, store: RelayStore): Record<string, unknown> {
  const changes = listingChanges(item);
  const update: Record<string, unknown> = {
    [store.productIdentifier === 'sku' ? 'Product_SKU' : 'Product_Code']: item.identifier,
  };
  if (changes.price && item.priceCents !== null) {
    update.Product_Price = item.priceCents / 100;
  }
  if (changes.active && item.active !== null) {
    update.Product_Active = item.active;
  }
  return update;
}
