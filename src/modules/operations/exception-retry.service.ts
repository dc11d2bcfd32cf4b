import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { retryAction } from '../exceptions/exception-rules';
import { ExceptionsService } from '../exceptions/exceptions.service';
import type { ExceptionRow } from '../exceptions/exceptions.repository';
import { InventoryEventsRepository } from '../inventory/inventory-events.repository';
import { InventoryRelayService } from '../inventory/inventory-relay.service';
import { OrderChangeRelayService } from '../order-changes/order-change-relay.service';
import { OrderChangesRepository } from '../order-changes/order-changes.repository';
import { OrderRefetchService } from '../orders/download/order-refetch.service';
import { OrdersSyncService } from '../orders/download/orders-sync.service';
import { ShipmentRelayService } from '../shipments/shipment-relay.service';
import { ShipmentsRepository } from '../shipments/shipments.repository';
import { StoresRepository } from '../stores/stores.repository';

/**
 * Retry of an exception, by its subject (exception-rules.ts retryAction): an order is read from
 * Miva again, parked work goes back to the queue due now, a store downloads now. The exception
 * stays open until its subject succeeds (the producers resolve it).
 */
@Injectable()
export class ExceptionRetryService {
  constructor(
    private readonly exceptions: ExceptionsService,
    private readonly refetch: OrderRefetchService,
    private readonly sync: OrdersSyncService,
    private readonly stores: StoresRepository,
    private readonly shipments: ShipmentsRepository,
    private readonly shipmentRelay: ShipmentRelayService,
    private readonly orderChanges: OrderChangesRepository,
    private readonly orderChangeRelay: OrderChangeRelayService,
    private readonly inventoryEvents: InventoryEventsRepository,
    private readonly inventoryRelay: InventoryRelayService,
  ) {}

  /** `POST /exceptions/:id/retry`: 409 when it is not open (or needs `force`). */
  async retry(auth: AuthContext, id: string, force: boolean): Promise<void> {
    const row = await this.exceptions.get(auth, id);
    await this.perform(row, force);
  }

  /** `POST /exceptions/retries`: retries the open ones, lists the others (and unknown ids). */
  async retryMany(
    auth: AuthContext,
    ids: readonly string[],
  ): Promise<{ retried: number; skipped: string[] }> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const rows = new Map((await this.exceptions.getMany(auth, unique)).map((r) => [r.id, r]));
    let retried = 0;
    const skipped: string[] = [];
    for (const id of unique) {
      const row = rows.get(id);
      if (row === undefined || row.status !== 'open') {
        skipped.push(id);
        continue;
      }
      try {
        await this.perform(row, false);
        retried += 1;
      } catch (error) {
        if (!(error instanceof DomainError)) {
          throw error;
        }
        skipped.push(id);
      }
    }
    return { retried, skipped };
  }

  private async perform(row: ExceptionRow, force: boolean): Promise<void> {
    const action = retryAction(row, force);
    switch (action.kind) {
      case 'refused':
        throw new DomainError(
          action.reason === 'not-open' ? ErrorCode.ExceptionNotOpen : ErrorCode.Conflict,
          action.message,
        );
      case 'refetch-order': {
        const store = await this.stores.findById(action.storeId);
        if (store === null) {
          throw DomainError.notFound('Store');
        }
        await this.refetch.refetchStored(store, action.mivaOrderId);
        return;
      }
      case 'requeue-shipment':
        if (await this.shipments.requeue(action.shipmentId)) {
          this.shipmentRelay.wake();
        }
        return;
      case 'requeue-order-change':
        if (await this.orderChanges.requeue(action.changeId)) {
          this.orderChangeRelay.wake();
        }
        return;
      case 'requeue-inventory-event':
        if (await this.inventoryEvents.requeue(action.eventId)) {
          this.inventoryRelay.wake();
        }
        return;
      case 'sync-store':
        await this.sync.requestSync(action.storeId, 'manual');
        return;
    }
  }
}
