import { Injectable } from '@nestjs/common';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { MivaError } from '../miva/miva-errors';
import { RelayStore } from '../relay/miva-relay-clients';
import { afterFailure, errorMessage, retryDelayMs } from '../relay/relay-backoff';
import { RelayWorker, RelayWorkerContext } from '../relay/relay-worker';
import { InventoryBatchesRepository, LeasedBatch } from './inventory-batches.repository';
import { InventoryEventsRepository } from './inventory-events.repository';
import { readMarker, sendBatch, unknownIdentifiers } from './inventory-miva-calls';
import {
  batchStep,
  BatchStep,
  lostAnswer,
  planBatch,
  productsNotFound,
  ranVerdict,
  refusal,
} from './inventory-relay-plan';
import { InventoryRelayStateRepository } from './inventory-relay-state.repository';

// Finished batches are only a record of what was sent when; keep the table small.
const PRUNE_EVERY_MS = 3_600_000;

/** The message an event parked by an unreadable interruption carries (a true-up is needed). */
export const OUTCOME_UNKNOWN = 'OUTCOME_UNKNOWN';

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Waiting, in-flight and parked events, for the queue-depth gauge. */
async function queueDepth(
  events: InventoryEventsRepository,
  batches: InventoryBatchesRepository,
): Promise<Record<string, number>> {
  const [{ pending, failed }, inFlight] = await Promise.all([
    events.counts(),
    batches.inFlightEvents(),
  ]);
  return { pending, in_flight: inFlight, failed };
}

/**
 * Delivers inventory deltas to Miva (../relay/README.md): per store one batch at a time, the
 * pending deltas coalesced per product into one ProductList_Adjust_Inventory call, which also
 * writes the batch id into a product custom field in the same request. The batch is recorded
 * in flight before the call and closed after it; a batch found in flight with nobody holding it
 * (a crash, a lost answer) is resolved by reading that marker, never by blindly re-sending.
 * The decisions are pure (./inventory-relay-plan.ts); this class reads, calls and records.
 */
@Injectable()
export class InventoryRelayService extends RelayWorker {
  private prunedAt = 0;

  constructor(
    private readonly events: InventoryEventsRepository,
    private readonly batches: InventoryBatchesRepository,
    private readonly relayState: InventoryRelayStateRepository,
    context: RelayWorkerContext,
    private readonly exceptions: ExceptionsService,
  ) {
    super('inventory', context, () => queueDepth(events, batches));
  }

  /** One round: resolve orphaned batches, then send one batch per store with work. */
  override async tick(signal: AbortSignal, cutoff: AbortSignal): Promise<boolean> {
    let worked = false;
    if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
      this.prunedAt = Date.now();
      await this.batches.prune(this.settings.batchRetentionDays);
    }
    for (const id of await this.batches.orphanedBatchIds(this.settings.inventoryConcurrency)) {
      const batch = await this.batches.takeOver(id, this.settings.leaseMs);
      if (batch !== null) {
        worked = true;
        await this.guard(batch, () => this.resolve(batch, signal));
      }
    }
    const stores = await this.events.storesWithWork(this.settings.inventoryConcurrency);
    if (stores.length === 0) {
      return worked;
    }
    // Deltas that arrive together share a call: give the rest of a burst a moment to commit.
    await sleep(this.settings.inventoryLingerMs, signal);
    const sent = await Promise.all(stores.map((storeId) => this.sendNext(storeId, signal, cutoff)));
    return worked || sent.some(Boolean);
  }

  private async sendNext(
    storeId: string,
    signal: AbortSignal,
    cutoff: AbortSignal,
  ): Promise<boolean> {
    const store = await this.clients.forStore(storeId, 'inventory');
    if (signal.aborted) {
      // Shutting down: open no new batch.
      return false;
    }
    if (store !== null && !store.active) {
      // Disabled or refused since storesWithWork: its events wait, untaken.
      return false;
    }
    const batch = await this.open(storeId);
    if (batch === null) {
      return false;
    }
    await this.guard(batch, () => this.send(batch, store, signal, cutoff));
    return true;
  }

  /** Opens the store's in-flight batch with its coalesced deltas (null: nothing to do). */
  private open(storeId: string): Promise<LeasedBatch | null> {
    return this.batches.openBatch(async (tx) => {
      const batch = await tx.insertInFlight(storeId, this.settings.leaseMs);
      if (batch === null) {
        return null;
      }
      const events = await tx.events.takePending(
        storeId,
        batch.id,
        this.settings.inventoryMaxEvents,
      );
      if (events.length === 0) {
        await tx.deleteBatch(batch.id);
        return null;
      }
      const state = await tx.relayState.read(storeId);
      const { taken, left, adjustments, marker } = planBatch(
        events,
        state,
        {
          maxProducts: this.settings.inventoryMaxProducts,
          markerField: this.settings.inventoryMarkerField,
          markerRecheckMs: this.settings.markerRecheckMs,
        },
        Date.now(),
      );
      await tx.events.untake(left.map((e) => e.seq));
      await tx.setContent(batch.id, adjustments, taken.length, marker);
      return { ...batch, adjustments, eventCount: taken.length, marker };
    });
  }

  /** A batch sent is let finish at shutdown until `cutoff`; cut, it is left in doubt. */
  private async send(
    batch: LeasedBatch,
    store: RelayStore | null,
    signal: AbortSignal,
    cutoff: AbortSignal,
  ): Promise<void> {
    const step = batchStep(batch, store !== null, false);
    if (store === null || step.kind !== 'call') {
      await this.settleWithoutCall(batch, step);
      return;
    }
    this.metrics.batchEvents.observe(batch.eventCount);
    let result;
    try {
      result = await sendBatch(
        store.api,
        batch.adjustments,
        store.productIdentifier,
        batch.marker ? { batchId: batch.id, at: batch.marker } : null,
        cutoff,
      );
    } catch (error) {
      await this.transportFailure(batch, store, error, signal);
      return;
    }
    if (result.adjust.ok) {
      const markerOk = result.marker === undefined ? null : result.marker.ok;
      if (markerOk === false) {
        this.logger.warn(
          `store ${batch.storeId}: the inventory marker field was refused; batches go without it (${
            result.marker && !result.marker.ok ? result.marker.error.message : ''
          })`,
        );
      }
      await this.sent(batch, markerOk);
      return;
    }
    await this.refused(batch, store, result.adjust.error);
  }

  /** Miva answered and refused the adjustment: isolate the bad products, resend the rest. */
  private async refused(batch: LeasedBatch, store: RelayStore, error: MivaError): Promise<void> {
    const message = errorMessage(error);
    const next = afterFailure(error, await this.clients.pauseIfRefused(store, error));
    if (next.kind === 'hold') {
      await this.heldBack(batch, message);
      return;
    }
    if (next.kind === 'retry') {
      await this.abort(batch, message, next.blocked);
      return;
    }
    const refusedAs = refusal(error, batch.adjustments);
    let failed = new Map<string, string>();
    if (refusedAs.kind === 'named') {
      failed = refusedAs.failed;
    } else if (refusedAs.kind === 'look-up') {
      // Miva named no element: find the products it cannot resolve ourselves.
      try {
        failed = productsNotFound(await this.unknownProducts(batch, store), message);
      } catch (lookupError) {
        await this.abort(batch, errorMessage(lookupError), false);
        return;
      }
    }
    if (failed.size === 0) {
      if (await this.batches.finishAllFailed(batch, 'rejected', message)) {
        await this.parked(batch, 'MIVA_REFUSED');
      }
      this.metrics.jobs.inc({ queue: 'inventory', outcome: 'failed' }, batch.eventCount);
      return;
    }
    if (await this.batches.finishRejected(batch, failed, message)) {
      await this.parked(batch, 'MIVA_REFUSED');
      this.metrics.jobs.inc({ queue: 'inventory', outcome: 'failed' }, failed.size);
      this.logger.warn(
        `store ${batch.storeId}: parked ${[...failed.keys()].join(', ')}: ${message}`,
      );
      this.loop.wake();
    }
  }

  /** No usable answer. Before the request left, nothing happened; after, the marker decides. */
  private async transportFailure(
    batch: LeasedBatch,
    store: RelayStore,
    error: unknown,
    signal: AbortSignal,
  ): Promise<void> {
    const message = errorMessage(error);
    switch (lostAnswer(error)) {
      case 'ran':
        // Miva answered the adjustment (a 206 partial answer) but the rest was lost: it ran, and
        // its marker may never have been written. Settle it now; never send it again.
        await this.settleRan(batch, store, message);
        return;
      case 'not-applied': {
        const next = afterFailure(error, await this.clients.pauseIfRefused(store, error));
        if (next.kind === 'hold') {
          await this.heldBack(batch, message);
        } else {
          await this.abort(batch, message, next.kind === 'retry' && next.blocked);
        }
        return;
      }
      case 'in-doubt':
        await this.keepInDoubt(batch, message, signal);
    }
  }

  /**
   * The adjustment operation ran but its answer is gone: applied unless Miva refused it, which
   * it does only for a product it cannot resolve. Without a way to check, a true-up is needed.
   */
  private async settleRan(batch: LeasedBatch, store: RelayStore, message: string): Promise<void> {
    let unknown: Set<string>;
    try {
      unknown = await this.unknownProducts(batch, store);
    } catch (error) {
      await this.uncertain(
        batch,
        `${message}; the products could not be checked: ${errorMessage(error)}`,
      );
      return;
    }
    const verdict = ranVerdict(true, unknown);
    if (verdict.kind === 'rejected') {
      await this.rejectUnknown(batch, verdict.failed);
    } else {
      await this.sent(batch, null);
    }
  }

  /** Parks the batch's events for a true-up: the outcome cannot be known, so never re-sent. */
  private async uncertain(batch: LeasedBatch, reason: string): Promise<void> {
    const message =
      `${OUTCOME_UNKNOWN}: inventory batch ${batch.id} may or may not have been applied by Miva ` +
      `(${reason}). Check the product's stock in Miva; if the delta is missing, post it again ` +
      'with a new eventId.';
    if (await this.batches.finishAllFailed(batch, 'uncertain', message)) {
      await this.parked(batch, OUTCOME_UNKNOWN);
      this.metrics.jobs.inc({ queue: 'inventory', outcome: 'uncertain' }, batch.eventCount);
      this.logger.error(`store ${batch.storeId}: ${message}`);
    }
  }

  /** Leaves the batch in flight, released, and reads its marker after a backoff. */
  private async keepInDoubt(
    batch: LeasedBatch,
    message: string,
    signal: AbortSignal,
    delayOverride?: number,
  ): Promise<void> {
    const delay =
      delayOverride ??
      (signal.aborted ? 0 : retryDelayMs(batch.checkAttempts + 1, false, this.settings));
    this.metrics.jobs.inc({ queue: 'inventory', outcome: 'retry' }, batch.eventCount);
    this.logger.warn(
      `store ${batch.storeId}: outcome of inventory batch ${batch.id} unknown; its marker is read in ${delay} ms: ${message}`,
    );
    if (await this.batches.inDoubt(batch, message, delay)) {
      this.loop.wakeIn(delay);
    }
  }

  /** A batch found in flight that nobody holds: read its marker to learn whether Miva applied it. */
  private async resolve(batch: LeasedBatch, signal: AbortSignal): Promise<void> {
    const store = await this.clients.forStore(batch.storeId, 'inventory');
    const step = batchStep(batch, store !== null, true);
    if (store === null || batch.marker === null || step.kind !== 'call') {
      await this.settleWithoutCall(batch, step);
      return;
    }
    let landed: boolean;
    let unknown = new Set<string>();
    try {
      landed =
        (await readMarker(store.api, batch.marker, store.productIdentifier, signal)) === batch.id;
      if (landed) {
        // Miva checks every element before applying any: a product it cannot resolve means the
        // adjustment was refused even though the marker operation after it ran.
        unknown = await this.unknownProducts(batch, store);
      }
    } catch (error) {
      // The outcome is still unknown: never abort here (that would re-send an applied batch).
      // Refused credentials: the batch waits in doubt until the store is active, then is read.
      const refused = await this.clients.pauseIfRefused(store, error);
      await this.keepInDoubt(batch, errorMessage(error), signal, refused ? 0 : undefined);
      return;
    }
    const verdict = ranVerdict(landed, unknown);
    switch (verdict.kind) {
      case 'sent':
        this.logger.log(`store ${batch.storeId}: inventory batch ${batch.id} had reached Miva`);
        await this.sent(batch, true);
        return;
      case 'rejected':
        await this.rejectUnknown(batch, verdict.failed);
        return;
      case 'resend':
        this.logger.log(`store ${batch.storeId}: inventory batch ${batch.id} never reached Miva`);
        await this.abort(batch, 'not applied (marker absent); sent again', false, 0);
    }
  }

  /** A batch that needs no Miva call (see batchStep) is closed here. */
  private async settleWithoutCall(batch: LeasedBatch, step: BatchStep): Promise<void> {
    switch (step.kind) {
      case 'fail':
        if (await this.batches.finishAllFailed(batch, 'rejected', step.message)) {
          await this.parked(batch, 'MIVA_REFUSED');
        }
        return;
      case 'sent':
        await this.sent(batch, null);
        return;
      case 'uncertain':
        await this.uncertain(batch, step.reason);
        return;
      case 'call':
        return;
    }
  }

  private unknownProducts(batch: LeasedBatch, store: RelayStore): Promise<Set<string>> {
    return unknownIdentifiers(
      store.api,
      batch.adjustments.map((a) => a.identifier),
      store.productIdentifier,
    );
  }

  private async rejectUnknown(batch: LeasedBatch, failed: Map<string, string>): Promise<void> {
    if (await this.batches.finishRejected(batch, failed, 'refused: unknown products')) {
      await this.parked(batch, 'MIVA_REFUSED');
    }
    this.metrics.jobs.inc({ queue: 'inventory', outcome: 'failed' }, failed.size);
  }

  /** One exception per event the batch parked. */
  private async parked(batch: LeasedBatch, code: string): Promise<void> {
    const events = await this.events.parkedOfBatch(batch.id);
    await this.exceptions.openMany(
      events.map((e) => ({ storeId: batch.storeId, type: 'inventory_event' as const, id: e.id })),
      code,
      (s) => events.find((e) => e.id === s.id)?.lastError ?? `Miva refused the inventory change`,
    );
  }

  private async sent(batch: LeasedBatch, markerOk: boolean | null): Promise<void> {
    const accepted = await this.batches.finishSent(batch, markerOk);
    if (accepted === null) {
      return;
    }
    await this.exceptions.resolveSubjects(
      'inventory_event',
      accepted.map((e) => e.id),
    );
    const now = Date.now();
    for (const { createdAt } of accepted) {
      this.metrics.observeLatency('inventory', createdAt, now);
    }
    this.metrics.jobs.inc({ queue: 'inventory', outcome: 'sent' }, accepted.length);
  }

  /**
   * Miva refused the store's credentials before applying anything: the events go back to the
   * queue with no backoff, held there while the store is unauthorized, sent once it is active.
   */
  private async heldBack(batch: LeasedBatch, message: string): Promise<void> {
    this.metrics.jobs.inc({ queue: 'inventory', outcome: 'retry' }, batch.eventCount);
    await this.abort(batch, message, true, 0);
  }

  private async abort(
    batch: LeasedBatch,
    message: string,
    blocked: boolean,
    delayOverride?: number,
  ): Promise<void> {
    const state = await this.relayState.read(batch.storeId);
    const failures = (state?.consecutiveFailures ?? 0) + (delayOverride === 0 ? 0 : 1);
    const delay = delayOverride ?? retryDelayMs(failures, blocked, this.settings);
    if (await this.batches.abort(batch, message, delay, failures)) {
      this.loop.wakeIn(delay);
      if (delay > 0) {
        this.metrics.jobs.inc({ queue: 'inventory', outcome: 'retry' }, batch.eventCount);
        this.logger.warn(`store ${batch.storeId}: inventory retried in ${delay} ms: ${message}`);
      }
    }
  }

  /**
   * Runs one batch step. Anything unexpected (a database error after Miva answered) leaves the
   * batch in flight under its lease: once the lease runs out, its marker is read like after a
   * crash, so an applied batch is never sent twice.
   */
  private async guard(batch: LeasedBatch, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error(
        `store ${batch.storeId}: inventory batch ${batch.id} left in flight: ${errorMessage(error)}`,
      );
    }
  }
}
