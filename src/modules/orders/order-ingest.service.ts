import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { MapperSettings } from '../../mappers/mapper-settings';
import type { MappedOrder } from '../../mappers/oms-order.types';
import { mapOrder } from '../../mappers/order.mapper';
import type { MivaOrder } from '../miva/miva.models';
import { OrdersWriteRepository, OrderWrite, RawOrderWrite } from './orders-write.repository';

export interface IngestSettings {
  storeId: string;
  mapper: MapperSettings;
  /** Mapped status names the store hands to the OMS. */
  importStatuses: readonly string[];
}

export interface IngestResult {
  seen: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Stored raw, but the mapping failed (recorded on the raw order; remap retries). */
  failed: number;
  /** Miva ids now safely committed here: exactly these may be acknowledged to Miva. */
  committedIds: number[];
}

/**
 * The content that defines a revision: everything mapped except Miva's dt_updated, which moves on
 * every touch (queue flags, acknowledgements) without the order changing.
 */
export function orderContentHash(mapped: MappedOrder): string {
  const { sourceUpdatedAt: _ignored, ...content } = mapped;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/**
 * Maps Miva orders and commits them, with their raw snapshots, in one transaction: new orders get
 * revision 1, changed ones a new revision (which makes them unacknowledged again), unchanged ones
 * nothing. Used by every download strategy and by remap.
 */
@Injectable()
export class OrderIngestService {
  constructor(private readonly repository: OrdersWriteRepository) {}

  async ingest(
    settings: IngestSettings,
    orders: readonly MivaOrder[],
    options: { storeRaw: boolean } = { storeRaw: true },
  ): Promise<IngestResult> {
    const byId = new Map<number, MivaOrder>();
    let invalid = 0;
    for (const order of orders) {
      if (Number.isInteger(order?.id)) {
        byId.set(order.id, order);
      } else {
        invalid += 1;
      }
    }
    const mapped = new Map<number, OrderWrite>();
    const mappingErrors = new Map<number, string | null>();
    for (const [id, order] of byId) {
      try {
        const m = mapOrder(order, settings.mapper);
        mapped.set(id, {
          mivaOrderId: id,
          mapped: m,
          contentHash: orderContentHash(m),
          status: m.status,
          importable: settings.importStatuses.includes(m.status),
        });
        mappingErrors.set(id, null);
      } catch (error) {
        mappingErrors.set(id, error instanceof Error ? error.message : String(error));
      }
    }

    const ids = [...byId.keys()];
    const result = await this.repository.transaction(async (tx) => {
      const existing = new Map(
        (await tx.lockExisting(settings.storeId, ids)).map((row) => [row.mivaOrderId, row]),
      );
      if (options.storeRaw) {
        const raw: RawOrderWrite[] = [...byId.values()].map((order) => ({
          mivaOrderId: order.id,
          raw: order,
          dtUpdated: typeof order.dt_updated === 'number' ? order.dt_updated : null,
          mappingError: mappingErrors.get(order.id) ?? null,
        }));
        await tx.upsertRaw(settings.storeId, raw);
      } else {
        await tx.setMappingErrors(settings.storeId, mappingErrors);
      }
      const created: OrderWrite[] = [];
      const changed: OrderWrite[] = [];
      for (const write of mapped.values()) {
        const before = existing.get(write.mivaOrderId);
        if (before === undefined) {
          created.push(write);
        } else if (
          before.contentHash !== write.contentHash ||
          (!before.offered && write.importable)
        ) {
          // The second case: the store now imports this status (settings changed); offer it.
          changed.push(write);
        }
      }
      await tx.writeOrders(settings.storeId, created, changed);
      return { created: created.length, updated: changed.length };
    });

    return {
      seen: byId.size + invalid,
      created: result.created,
      updated: result.updated,
      unchanged: mapped.size - result.created - result.updated,
      failed: byId.size - mapped.size + invalid,
      committedIds: ids,
    };
  }
}
