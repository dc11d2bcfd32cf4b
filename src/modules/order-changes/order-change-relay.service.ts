import { Injectable } from '@nestjs/common';
import { must } from '../../common/must';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { MivaApi } from '../miva/miva-api';
import { MivaError, MivaErrorKind } from '../miva/miva-errors';
import { MivaListQuery, where } from '../miva/miva-list-query';
import { RelayStore } from '../relay/miva-relay-clients';
import { afterFailure, errorMessage, retryDelayMs } from '../relay/relay-backoff';
import { RelayWorker, RelayWorkerContext } from '../relay/relay-worker';
import { ItemState, nextChangeStep } from './order-change-plan';
import type { OrderChangeLine } from './order-change.entity';
import { ClaimedOrderChange, OrderChangesRepository } from './order-changes.repository';

/** Another worker owns the change now: stop without touching Miva again. */
class LeaseLost extends Error {}

// Every step re-derives from Miva's live order; this bounds a change's steps in one attempt.
const MAX_STEPS = 200;

/**
 * Delivers pending cancellations and backorders to Miva, exactly once: the split intent and the
 * split line are recorded before the next call, and every attempt starts by reading the order
 * from Miva, so a change whose answer was lost is recognised by its lines being cancelled or
 * backordered already and is never sent again (../relay/README.md, "Order changes").
 */
@Injectable()
export class OrderChangeRelayService extends RelayWorker {
  constructor(
    private readonly repository: OrderChangesRepository,
    context: RelayWorkerContext,
    private readonly exceptions: ExceptionsService,
  ) {
    super('order_changes', context, () => repository.depth());
  }

  /** One round: claim due changes and deliver them. True when there may be more. */
  override async tick(signal: AbortSignal, cutoff: AbortSignal): Promise<boolean> {
    const claimed = await this.repository.claim(
      this.settings.orderChangeConcurrency,
      this.settings.leaseMs,
    );
    await Promise.all(claimed.map((change) => this.deliver(change, signal, cutoff)));
    return claimed.length > 0;
  }

  private async deliver(
    change: ClaimedOrderChange,
    signal: AbortSignal,
    cutoff: AbortSignal,
  ): Promise<void> {
    const token = change.leaseToken;
    let store: RelayStore | null = null;
    try {
      store = await this.clients.forStore(change.storeId, 'order_changes');
      if (store === null) {
        await this.finish(change, 'failed', 'The store was deleted');
        return;
      }
      if (!store.active) {
        // Disabled or refused since the claim: back to the queue, where the claim holds it.
        await this.repository.reschedule(change.id, token, 0, null);
        return;
      }
      await this.run(change, store.api, signal, cutoff);
    } catch (error) {
      if (error instanceof LeaseLost) {
        return;
      }
      if (signal.aborted) {
        // Shutting down: hand the change back at once; the next run re-reads Miva first.
        await this.repository.reschedule(change.id, token, 0, null);
        return;
      }
      const message = errorMessage(error);
      const refused = store !== null && (await this.clients.pauseIfRefused(store, error));
      const next = afterFailure(error, refused);
      if (next.kind === 'hold') {
        this.metrics.jobs.inc({ queue: 'order_changes', outcome: 'retry' });
        await this.repository.reschedule(change.id, token, 0, message);
        return;
      }
      if (next.kind === 'park') {
        await this.finish(change, 'failed', message);
        return;
      }
      const delay = retryDelayMs(change.attempts, next.blocked, this.settings);
      this.metrics.jobs.inc({ queue: 'order_changes', outcome: 'retry' });
      this.logger.warn(`${change.kind} ${change.id} will be retried in ${delay} ms: ${message}`);
      if (await this.repository.reschedule(change.id, token, delay, message)) {
        this.loop.wakeIn(delay);
      }
    }
  }

  /**
   * Reads stop at `signal` (shutdown); a Miva change already sent is let finish until `cutoff`,
   * and the next step is not begun once `signal` is aborted (every step is recorded by then).
   */
  private async run(
    change: ClaimedOrderChange,
    api: MivaApi,
    signal: AbortSignal,
    cutoff: AbortSignal,
  ): Promise<void> {
    const lines: OrderChangeLine[] = change.lines.map((l) => ({ ...l }));
    let live = await this.loadItems(api, change.mivaOrderId, signal);

    for (let steps = 0; steps < MAX_STEPS; steps++) {
      signal.throwIfAborted();
      const step = nextChangeStep(change.kind, lines, live);
      switch (step.kind) {
        case 'resolve':
          lines[step.index] = resolvedLine(lines[step.index], step.mivaLineId);
          await this.save(change, lines);
          break;
        case 'split': {
          // The intent first: if the answer is lost, the retry recognises the line it made.
          lines[step.index] = {
            ...must(lines[step.index], 'the line to split'),
            splitKnownLineIds: live.map((item) => item.line_id),
          };
          await this.save(change, lines);
          const result = await api.splitOrderItem(
            change.mivaOrderId,
            step.sourceLineId,
            step.quantity,
            cutoff,
          );
          const made = result?.split_orderitem?.line_id;
          if (typeof made === 'number') {
            lines[step.index] = resolvedLine(lines[step.index], made);
            await this.save(change, lines);
          }
          live = await this.loadItems(api, change.mivaOrderId, signal);
          break;
        }
        case 'send':
          if (change.kind === 'cancellation') {
            await api.cancelOrderItems(change.mivaOrderId, step.lineIds, change.reason, cutoff);
          } else {
            await api.backOrderItems(change.mivaOrderId, step.lineIds, change.expectedAt, cutoff);
          }
          if (await this.finish(change, 'sent', null)) {
            this.metrics.observeLatency('order_changes', change.createdAt);
          }
          return;
        case 'done':
          // Nothing left to send: an earlier attempt's answer was lost after Miva applied it
          // (or the lines were changed in Miva itself).
          this.logger.log(
            `${change.kind} ${change.id}: every line is already ${change.kind === 'cancellation' ? 'cancelled' : 'backordered'} in Miva; not sent again`,
          );
          if (await this.finish(change, 'sent', null)) {
            this.metrics.observeLatency('order_changes', change.createdAt);
          }
          return;
        case 'fail':
          await this.finish(change, 'failed', step.message);
          return;
      }
    }
    throw new Error(`${change.kind} ${change.id} made no progress in ${MAX_STEPS} steps`);
  }

  private async loadItems(
    api: MivaApi,
    mivaOrderId: number,
    signal: AbortSignal,
  ): Promise<ItemState[]> {
    const page = await api.loadOrders(
      MivaListQuery.create().where(where.eq('id', mivaOrderId)).columns('items'),
      { count: 1, signal },
    );
    const order = page.data.find((o) => o.id === mivaOrderId);
    if (order === undefined) {
      throw new MivaError(MivaErrorKind.NotFound, `Miva has no order ${mivaOrderId}`, {
        functionName: 'OrderList_Load_Query',
      });
    }
    return order.items ?? [];
  }

  private async save(change: ClaimedOrderChange, lines: readonly OrderChangeLine[]): Promise<void> {
    const ok = await this.repository.saveLines(
      change.id,
      change.leaseToken,
      lines,
      this.settings.leaseMs,
    );
    if (!ok) {
      throw new LeaseLost();
    }
  }

  private async finish(
    change: ClaimedOrderChange,
    status: 'sent' | 'failed',
    message: string | null,
  ): Promise<boolean> {
    const ok = await this.repository.finish(change.id, change.leaseToken, status, message);
    if (ok) {
      this.metrics.jobs.inc({ queue: 'order_changes', outcome: status });
      const subject = {
        storeId: change.storeId,
        type: change.kind,
        id: change.id,
        mivaOrderId: change.mivaOrderId,
      };
      if (status === 'failed') {
        this.logger.warn(`${change.kind} ${change.id} failed: ${message ?? ''}`);
        await this.exceptions.open(
          subject,
          'MIVA_REFUSED',
          message ?? `Miva refused the ${change.kind}`,
        );
      } else {
        await this.exceptions.resolveSubject(subject);
      }
    }
    return ok;
  }
}

/** The planned line (by nextChangeStep's index) on its Miva line, no longer waiting on a split. */
function resolvedLine(line: OrderChangeLine | undefined, mivaLineId: number): OrderChangeLine {
  const { splitKnownLineIds: _done, ...rest } = must(line, 'the planned line');
  return { ...rest, mivaLineId };
}
