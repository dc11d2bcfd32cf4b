import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../../common/auth/auth-context';
import { DomainError } from '../../../common/errors/domain-error';
import { ErrorCode } from '../../../common/errors/error-code';
import { where } from '../../miva/miva-list-query';
import { StoreMivaClients } from '../../stores/store-miva-clients';
import { StoresService } from '../../stores/stores.service';
import type { StoreEntity } from '../../stores/store.entity';
import { ingestSettingsOf, OrderIngestService } from '../order-ingest.service';
import { OrdersFeedService } from '../orders-feed.service';
import { orderQuery } from './download-strategy';

/**
 * One order again: read by its id through the signed API (a plain list read: no queue, no
 * acknowledgement) and committed through the normal ingest, so a revision is made only if the
 * mapped content changed.
 */
@Injectable()
export class OrderRefetchService {
  constructor(
    private readonly stores: StoresService,
    private readonly clients: StoreMivaClients,
    private readonly ingest: OrderIngestService,
    private readonly feed: OrdersFeedService,
  ) {}

  /** `POST /stores/:id/orders/:mivaOrderId/refetch`: the order as the feed serves it (JSON). */
  async refetch(auth: AuthContext, storeId: string, mivaOrderId: number): Promise<string> {
    const store = await this.stores.load(auth, storeId);
    await this.refetchStored(store, mivaOrderId);
    return this.feed.getByMivaId(auth, storeId, mivaOrderId);
  }

  /** Reads and commits the order; 404 MIVA_ORDER_NOT_FOUND when Miva has no such order. */
  async refetchStored(store: StoreEntity, mivaOrderId: number): Promise<void> {
    const passphrase = this.clients.credentials(store).paymentPassphrase ?? undefined;
    const page = await this.clients
      .open(store)
      .loadOrders(orderQuery().where(where.eq('id', mivaOrderId)), { count: 1, passphrase });
    const order = page.data.find((o) => o.id === mivaOrderId);
    if (order === undefined) {
      throw new DomainError(
        ErrorCode.MivaOrderNotFound,
        `Miva has no order ${mivaOrderId} in this store`,
      );
    }
    await this.ingest.ingest(ingestSettingsOf(store), [order]);
  }
}
