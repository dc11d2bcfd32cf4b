import { Injectable } from '@nestjs/common';
import { InventoryEventsRepository } from '../inventory/inventory-events.repository';
import { InventoryRelayService } from '../inventory/inventory-relay.service';
import { OrdersReadRepository } from '../orders/orders-read.repository';
import { MivaRelayClients, RelayStore } from '../relay/miva-relay-clients';
import { errorMessage, failureAction, retryDelayMs } from '../relay/relay-backoff';
import { RelaySettings } from '../relay/relay-settings';
import { StoreEvents } from '../stores/store-events';
import { readProducts } from './product-reads';
import { sleep, StockJobWorker, WAIT_POLL_MS } from './stock-job-worker';
import { appliedResult, assessLevel, positionOfEvent, trueUpEventId } from './true-up-plan';
import { ItemAssessment, LeasedTrueUp, TrueUpsRepository } from './true-ups.repository';

/** Failed reads of Miva in a row before a true-up gives up (nothing was applied then). */
export const MAX_READ_ATTEMPTS = 5;

/**
 * Runs true-ups (docs/OPERATIONS.md, "Stock true-ups"), per store one at a time, each through
 * its recorded phases:
 *  1. delivering: the store's deltas accepted before the true-up reach Miva (the relay is woken
 *     and watched); later OMS deltas are held back meanwhile (true-up-hold.ts);
 *  2. reading: Miva's stock is read in pages, reserved units counted in one query, each item
 *     assessed (true-up-plan.ts); the deltas and the move to `applying` commit together;
 *  3. applying: the deltas become inventory events of this true-up, delivered by the relay with
 *     its exactly-once batches (recording them again after a crash adds nothing), and each
 *     item's result follows its event.
 * A crash before step 3 committed applied nothing, so the resumed true-up reads Miva again; from
 * step 3 on its deltas are fixed and never computed, or sent, a second time.
 */
@Injectable()
export class TrueUpRunnerService extends StockJobWorker<LeasedTrueUp> {
  constructor(
    private readonly trueUps: TrueUpsRepository,
    private readonly events: InventoryEventsRepository,
    private readonly relay: InventoryRelayService,
    private readonly orders: OrdersReadRepository,
    private readonly clients: MivaRelayClients,
    settings: RelaySettings,
    storeEvents: StoreEvents,
  ) {
    super(TrueUpRunnerService.name, settings, storeEvents, trueUps.jobs);
  }

  protected claim(limit: number, leaseMs: number): Promise<LeasedTrueUp[]> {
    return this.trueUps.claim(limit, leaseMs);
  }

  protected async run(job: LeasedTrueUp, signal: AbortSignal, cutoff: AbortSignal): Promise<void> {
    let phase = job.phase;
    if (phase === 'delivering') {
      if (!(await this.delivered(job, signal)) || !(await this.trueUps.setPhase(job, 'reading'))) {
        return;
      }
      phase = 'reading';
    }
    if (phase === 'reading') {
      const store = await this.clients.forStore(job.storeId, 'inventory');
      if (store === null) {
        await this.trueUps.fail(job, 'The store was deleted');
        return;
      }
      if (!store.active) {
        await this.release(job, 0, null);
        return;
      }
      if (!(await this.read(job, store, signal, cutoff))) {
        return;
      }
      phase = 'applying';
    }
    if (phase === 'applying') {
      await this.apply(job, signal);
    }
  }

  /** Waits until the deltas accepted before the true-up have left the relay's queue. */
  private async delivered(job: LeasedTrueUp, signal: AbortSignal): Promise<boolean> {
    this.relay.wake();
    while (!signal.aborted) {
      if (await this.events.settledUpTo(job.storeId, job.watermark)) {
        return true;
      }
      await sleep(WAIT_POLL_MS, signal);
    }
    return false;
  }

  /**
   * Reads Miva's stock, then counts reserved units (after the read, so an order downloaded
   * meanwhile is one whose checkout the read already shows), assesses every item and records
   * it. True when there are deltas to apply (the true-up is `applying` now).
   */
  private async read(
    job: LeasedTrueUp,
    store: RelayStore,
    signal: AbortSignal,
    cutoff: AbortSignal,
  ): Promise<boolean> {
    const items = await this.trueUps.items(job.id);
    const by = store.productIdentifier;
    const identifiers = items.map((i) => i.identifier);
    let products;
    try {
      products = await readProducts(store.api, identifiers, by, {
        columns: ['product_inventory'],
        signal: cutoff,
      });
    } catch (error) {
      await this.readFailed(job, store, error, signal);
      return false;
    }
    if (signal.aborted) {
      return false;
    }
    const reserved = await this.orders.reservedUnits(
      job.storeId,
      by === 'sku' ? 'sku' : 'productCode',
      identifiers,
    );
    const assessments: ItemAssessment[] = items.map((item) => {
      const key = item.identifier.toLowerCase();
      return {
        position: item.position,
        ...assessLevel(
          item.available,
          reserved.get(key) ?? 0,
          products.get(key) ?? [],
          job.apply,
          by,
        ),
      };
    });
    const toApply = assessments.some((a) => a.result === null);
    const recorded = await this.trueUps.recordAssessment(
      job,
      assessments,
      toApply ? 'applying' : 'succeeded',
    );
    return recorded && toApply;
  }

  private async readFailed(
    job: LeasedTrueUp,
    store: RelayStore,
    error: unknown,
    signal: AbortSignal,
  ): Promise<void> {
    if (signal.aborted) {
      // Shutdown cut the read: handed back as it is.
      return;
    }
    if (await this.clients.pauseIfRefused(store, error)) {
      // The store is unauthorized now; the true-up waits (unclaimed) until it is active again.
      await this.release(job, 0, null);
      return;
    }
    const message = errorMessage(error);
    const action = failureAction(error);
    const attempts = job.attempts + 1;
    if (action === 'permanent' || attempts >= MAX_READ_ATTEMPTS) {
      this.logger.warn(`true-up ${job.id}: Miva's stock could not be read: ${message}`);
      await this.trueUps.fail(job, `Miva's stock could not be read: ${message}`);
      return;
    }
    await this.release(job, retryDelayMs(attempts, action === 'blocked', this.settings), message);
  }

  /**
   * Queues the recorded deltas as this true-up's inventory events (again after a crash: their
   * ids are fixed, so nothing is added twice) and waits for the relay to settle every one.
   */
  private async apply(job: LeasedTrueUp, signal: AbortSignal): Promise<void> {
    const todo = await this.trueUps.toApply(job.id);
    await this.events.insertForTrueUp(
      job.storeId,
      job.id,
      todo.map((t) => ({
        eventId: trueUpEventId(job.id, t.position),
        identifier: t.identifier,
        delta: t.delta,
      })),
    );
    this.relay.wake();
    while (!signal.aborted) {
      if ((await this.events.pendingOfTrueUp(job.id)) === 0) {
        const outcomes = new Map(
          (await this.events.outcomesOfTrueUp(job.id)).map((o) => [
            positionOfEvent(job.id, o.eventId),
            o,
          ]),
        );
        const results = todo.map((t) => ({
          position: t.position,
          ...appliedResult(outcomes.get(t.position)),
        }));
        const settled = results.flatMap((r) =>
          r.result === null ? [] : [{ ...r, result: r.result }],
        );
        if (settled.length === results.length) {
          await this.trueUps.finishApplied(job, settled);
          return;
        }
      }
      await sleep(WAIT_POLL_MS, signal);
    }
  }
}
