import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import {
  CreateInventoryAdjustmentsDto,
  InventoryAdjustmentsResultDto,
  InventoryEventDto,
  ListInventoryAdjustmentsQueryDto,
} from './inventory.dto';
import { StoresRepository } from '../stores/stores.repository';
import { sortInventoryIntake } from './inventory-event-conflicts';
import { InventoryEventsRepository } from './inventory-events.repository';
import { InventoryRelayService } from './inventory-relay.service';

/** OMS inventory deltas: recorded once per eventId, delivered by InventoryRelayService. */
@Injectable()
export class InventoryService {
  constructor(
    private readonly events: InventoryEventsRepository,
    private readonly stores: StoresRepository,
    private readonly relay: InventoryRelayService,
  ) {}

  async adjust(
    auth: AuthContext,
    dto: CreateInventoryAdjustmentsDto,
  ): Promise<InventoryAdjustmentsResultDto> {
    auth.assertStore(dto.storeId);
    if (!(await this.stores.exists(dto.storeId))) {
      throw DomainError.notFound('Store');
    }
    const inserted = new Set(await this.events.insert(dto.storeId, dto.adjustments));
    if (inserted.size > 0) {
      // Committed: send now rather than at the next poll.
      this.relay.wake();
    }
    // The events not recorded now were recorded before: read back what with (after the insert,
    // so a concurrent request's event that made ours a repeat is committed and visible).
    const repeated = [
      ...new Set(dto.adjustments.map((a) => a.eventId).filter((id) => !inserted.has(id))),
    ];
    return sortInventoryIntake(
      dto.adjustments,
      inserted,
      await this.events.recorded(dto.storeId, repeated),
    );
  }

  async list(
    auth: AuthContext,
    query: ListInventoryAdjustmentsQueryDto,
  ): Promise<InventoryEventDto[]> {
    if (query.storeId !== undefined) {
      auth.assertStore(query.storeId);
    }
    const rows = await this.events.list(
      {
        storeIds: auth.isAdmin ? null : auth.storeIds,
        status: query.status,
        limit: query.limit ?? 100,
      },
      query.storeId,
    );
    return rows.map((r) => ({
      id: r.seq,
      storeId: r.storeId,
      eventId: r.eventId,
      identifier: r.identifier,
      delta: r.delta,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    }));
  }
}
