import { Injectable } from '@nestjs/common';
import { must } from '../../common/must';
import { MivaError, MivaErrorKind } from '../miva/miva-errors';
import { MivaApi } from '../miva/miva-api';
import { MivaListQuery, where } from '../miva/miva-list-query';
import { RelayStore } from '../relay/miva-relay-clients';
import { afterFailure, errorMessage, retryDelayMs } from '../relay/relay-backoff';
import { RelayWorker, RelayWorkerContext } from '../relay/relay-worker';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { LiveOrder, nextRelayStep, RelayLine } from './shipment-plan';
import {
  ClaimedShipment,
  ShipmentProgressPatch,
  ShipmentsRepository,
} from './shipments.repository';

/** Another worker owns the shipment now: stop without touching Miva again. */
class LeaseLost extends Error {}

// Every step re-derives from Miva's live order; this bounds a shipment's steps in one attempt.
const MAX_STEPS = 200;

/**
 * Delivers pending shipments to Miva, exactly once: every step is recorded before the next Miva
 * call (the split line, the created shipment), and a retry whose last answer was lost reads the
 * live order first and adopts what Miva did before (../relay/README.md, "Shipments, exactly once").
 */
@Injectable()
export class ShipmentRelayService extends RelayWorker {
  constructor(
    private readonly repository: ShipmentsRepository,
    context: RelayWorkerContext,
    private readonly exceptions: ExceptionsService,
  ) {
    super('shipments', context, () => repository.depth());
  }

  /** One round: claim due shipments and deliver them. True when there may be more. */
  override async tick(signal: AbortSignal, cutoff: AbortSignal): Promise<boolean> {
    const claimed = await this.repository.claim(
      this.settings.shipmentConcurrency,
      this.settings.leaseMs,
    );
    await Promise.all(claimed.map((shipment) => this.deliver(shipment, signal, cutoff)));
    return claimed.length > 0;
  }

  private async deliver(
    shipment: ClaimedShipment,
    signal: AbortSignal,
    cutoff: AbortSignal,
  ): Promise<void> {
    const token = shipment.leaseToken;
    let store: RelayStore | null = null;
    try {
      store = await this.clients.forStore(shipment.storeId, 'shipments');
      if (store === null) {
        await this.finish(shipment, 'failed', 'The store was deleted');
        return;
      }
      if (!store.active) {
        // Disabled or refused since the claim: back to the queue, where the claim holds it.
        await this.repository.reschedule(shipment.id, token, 0, null);
        return;
      }
      await this.run(shipment, store.api, signal, cutoff);
    } catch (error) {
      if (error instanceof LeaseLost) {
        return;
      }
      if (signal.aborted) {
        // Shutting down: hand the shipment back at once; the next run re-reads Miva first.
        await this.repository.reschedule(shipment.id, token, 0, null);
        return;
      }
      const message = errorMessage(error);
      const refused = store !== null && (await this.clients.pauseIfRefused(store, error));
      const next = afterFailure(error, refused);
      if (next.kind === 'hold') {
        // Pending, due at once: held while the store is unauthorized, sent once it is active.
        this.metrics.jobs.inc({ queue: 'shipments', outcome: 'retry' });
        await this.repository.reschedule(shipment.id, token, 0, message);
        return;
      }
      if (next.kind === 'park') {
        await this.finish(shipment, 'failed', message);
        return;
      }
      const delay = retryDelayMs(shipment.attempts, next.blocked, this.settings);
      this.metrics.jobs.inc({ queue: 'shipments', outcome: 'retry' });
      this.logger.warn(`shipment ${shipment.id} will be retried in ${delay} ms: ${message}`);
      if (await this.repository.reschedule(shipment.id, token, delay, message)) {
        this.loop.wakeIn(delay);
      }
    }
  }

  /**
   * Reads stop at `signal` (shutdown); a Miva change already sent is let finish until `cutoff`,
   * and the next step is not begun once `signal` is aborted (every step is recorded by then).
   */
  private async run(
    shipment: ClaimedShipment,
    api: MivaApi,
    signal: AbortSignal,
    cutoff: AbortSignal,
  ): Promise<void> {
    const lines: RelayLine[] = shipment.lines.map((l) => ({ ...l }));
    let mivaShipmentId = shipment.mivaShipmentId;
    // Once the Miva shipment is recorded only the update is left: no need to read the order.
    let live: LiveOrder =
      mivaShipmentId === null
        ? await this.loadLive(api, shipment.mivaOrderId, signal)
        : { items: [], shipments: [] };
    const claimedIds =
      mivaShipmentId === null
        ? await this.repository.claimedMivaShipmentIds(shipment.orderId, shipment.id)
        : new Set<number>();

    for (let steps = 0; steps < MAX_STEPS; steps++) {
      signal.throwIfAborted();
      const step = nextRelayStep({ lines, mivaShipmentId }, live, claimedIds);
      switch (step.kind) {
        case 'resolve':
          lines[step.index] = resolvedLine(lines[step.index], step.mivaLineId);
          await this.save(shipment, { lines });
          break;
        case 'split': {
          // The intent first: if the answer is lost, the retry recognises the line it made.
          lines[step.index] = {
            ...must(lines[step.index], 'the line to split'),
            splitKnownLineIds: live.items.map((item) => item.line_id),
          };
          await this.save(shipment, { lines });
          const result = await api.splitOrderItem(
            shipment.mivaOrderId,
            step.sourceLineId,
            step.quantity,
            cutoff,
          );
          const made = result?.split_orderitem?.line_id;
          if (typeof made === 'number') {
            lines[step.index] = resolvedLine(lines[step.index], made);
            await this.save(shipment, { lines });
          }
          live = await this.loadLive(api, shipment.mivaOrderId, signal);
          break;
        }
        case 'create': {
          const created = await api.createShipment(shipment.mivaOrderId, step.lineIds, cutoff);
          const id = created?.shipment_id ?? created?.id;
          if (typeof id !== 'number') {
            // Created, but the answer names no shipment: the retry adopts it from the live order.
            throw new MivaError(
              MivaErrorKind.BadResponse,
              'Miva OrderItemList_CreateShipment answered without a shipment id',
              { functionName: 'OrderItemList_CreateShipment', outcomeUnknown: true },
            );
          }
          mivaShipmentId = id;
          await this.save(shipment, { mivaShipmentId: id, mivaShipmentCode: created.code ?? '' });
          break;
        }
        case 'adopt':
          this.logger.log(
            `shipment ${shipment.id}: adopting Miva shipment ${step.shipment.id} made before a lost answer`,
          );
          mivaShipmentId = step.shipment.id;
          await this.save(shipment, {
            mivaShipmentId: step.shipment.id,
            mivaShipmentCode: step.shipment.code,
          });
          break;
        case 'update':
          // Miva overwrites tracking number, type and cost on every call: always send all.
          await api.updateShipments(
            [
              {
                shpmnt_id: mivaShipmentId!,
                mark_shipped: shipment.markShipped,
                tracknum: shipment.trackingNumber,
                tracktype: shipment.carrier,
                cost: shipment.costCents / 100,
              },
            ],
            cutoff,
          );
          // Miva ignores an unknown shpmnt_id without a word: confirm the shipment is there.
          live = await this.loadLive(api, shipment.mivaOrderId, signal);
          if (!live.shipments.some((s) => s.id === mivaShipmentId)) {
            await this.finish(
              shipment,
              'failed',
              `Miva shipment ${mivaShipmentId} no longer exists; tracking was not recorded`,
            );
            return;
          }
          if (await this.finish(shipment, 'sent', null)) {
            this.metrics.observeLatency('shipments', shipment.createdAt);
          }
          return;
        case 'fail':
          await this.finish(shipment, 'failed', step.message);
          return;
      }
    }
    throw new Error(`shipment ${shipment.id} made no progress in ${MAX_STEPS} steps`);
  }

  private async loadLive(
    api: MivaApi,
    mivaOrderId: number,
    signal: AbortSignal,
  ): Promise<LiveOrder> {
    const page = await api.loadOrders(
      MivaListQuery.create().where(where.eq('id', mivaOrderId)).columns('items', 'shipments'),
      { count: 1, signal },
    );
    const order = page.data.find((o) => o.id === mivaOrderId);
    if (order === undefined) {
      throw new MivaError(MivaErrorKind.NotFound, `Miva has no order ${mivaOrderId}`, {
        functionName: 'OrderList_Load_Query',
      });
    }
    return { items: order.items ?? [], shipments: order.shipments ?? [] };
  }

  private async save(shipment: ClaimedShipment, patch: ShipmentProgressPatch): Promise<void> {
    const ok = await this.repository.saveProgress(
      shipment.id,
      shipment.leaseToken,
      patch,
      this.settings.leaseMs,
    );
    if (!ok) {
      throw new LeaseLost();
    }
  }

  private async finish(
    shipment: ClaimedShipment,
    status: 'sent' | 'failed',
    message: string | null,
  ): Promise<boolean> {
    const ok = await this.repository.finish(shipment.id, shipment.leaseToken, status, message);
    if (ok) {
      this.metrics.jobs.inc({ queue: 'shipments', outcome: status });
      const subject = {
        storeId: shipment.storeId,
        type: 'shipment' as const,
        id: shipment.id,
        mivaOrderId: shipment.mivaOrderId,
      };
      if (status === 'failed') {
        this.logger.warn(`shipment ${shipment.id} failed: ${message ?? ''}`);
        await this.exceptions.open(subject, 'MIVA_REFUSED', message ?? 'Miva refused the shipment');
      } else {
        await this.exceptions.resolveSubject(subject);
      }
    }
    return ok;
  }
}

/** The planned line (by nextRelayStep's index) on its Miva line, no longer waiting on a split. */
function resolvedLine(line: RelayLine | undefined, mivaLineId: number): RelayLine {
  const { splitKnownLineIds: _done, ...rest } = must(line, 'the planned line');
  return { ...rest, mivaLineId };
}
