import { Injectable } from '@nestjs/common';
import type { MapperSettings } from '../../mappers/mapper-settings';
import { mappedOrderHash } from '../../mappers/order-hash';
import { redactCardNumbers } from '../../mappers/card-number';
import { mapOrder } from '../../mappers/order.mapper';
import { scrubRawOrder } from '../../mappers/raw-order-scrub';
import { sourceBytesOf } from '../miva/miva-list-body';
import type { MivaOrder } from '../../miva-model/miva.models';
import type { StoreEntity } from '../stores/store.entity';
import { ExceptionsService, OrderOutcome } from '../exceptions/exceptions.service';
import {
  OrdersWriteRepository,
  OrderWrite,
  OrderWriteTransaction,
  RawOrderWrite,
} from './orders-write.repository';

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

export interface RemapPageResult extends Omit<IngestResult, 'committedIds'> {
  /** Pass back as `after` for the next page; null when every stored order was remapped. */
  next: number | null;
}

interface Mapped {
  writes: Map<number, OrderWrite>;
  errors: Map<number, string | null>;
}

export interface WriteOptions {
  /**
   * Leave out the orders whose stored copy has a newer dt_updated than the one read. For a writer
   * running beside the store's download (a reconciliation): an order it read just before the
   * download committed a newer version must not overwrite that version.
   */
  keepNewer?: boolean;
}

/**
 * A page of downloaded orders mapped, ready to write: it holds the raw bytes and mapped orders,
 * not the parsed Miva orders, so those can go while the page is written (and retried). Mapped
 * orders are serialised only if written (most re-downloaded orders are unchanged).
 */
export interface PreparedPage {
  raw: RawOrderWrite[];
  mapped: Mapped;
  /** Elements without an integer id (counted as failed, not stored). */
  invalid: number;
}

/**
 * Maps Miva orders and commits them, with their raw snapshots, in one transaction: new orders get
 * revision 1, changed ones a new revision (which makes them unacknowledged again), unchanged ones
 * nothing. Every download strategy and remap go through here.
 */
@Injectable()
export class OrderIngestService {
  constructor(
    private readonly repository: OrdersWriteRepository,
    private readonly exceptions: ExceptionsService,
  ) {}

  /** Stores downloaded orders (raw + mapped). */
  ingest(settings: IngestSettings, orders: readonly MivaOrder[]): Promise<IngestResult> {
    return this.write(settings, this.prepare(settings, orders));
  }

  /** Maps a page of downloaded orders and keeps its raw bytes (synchronous, no database). */
  prepare(settings: IngestSettings, orders: readonly MivaOrder[]): PreparedPage {
    const byId = new Map<number, MivaOrder>();
    let invalid = 0;
    for (const order of orders) {
      if (Number.isInteger(order?.id)) {
        byId.set(order.id, order);
      } else {
        invalid += 1;
      }
    }
    const mapped = mapAll(settings, byId.values());
    const raw: RawOrderWrite[] = [...byId.values()].map((order) => ({
      mivaOrderId: order.id,
      json: rawSnapshot(order),
      dtUpdated: typeof order.dt_updated === 'number' ? order.dt_updated : null,
      mappingError: mapped.errors.get(order.id) ?? null,
    }));
    return { raw, mapped, invalid };
  }

  /** Writes a prepared page in one transaction; may be called again if it failed. */
  async write(
    settings: IngestSettings,
    page: PreparedPage,
    options: WriteOptions = {},
  ): Promise<IngestResult> {
    const read = page.raw.map((row) => row.mivaOrderId);
    const { counts, kept } = await this.repository.transaction(async (tx) => {
      const existing = await tx.lockExisting(settings.storeId, read);
      const kept = options.keepNewer
        ? withoutOrders(page, await tx.newerStored(settings.storeId, page.raw))
        : page;
      await tx.upsertRaw(settings.storeId, kept.raw);
      return { counts: await writeRevisions(tx, settings, existing, kept.mapped), kept };
    });
    const ids = kept.raw.map((row) => row.mivaOrderId);
    await this.exceptions.recordOrders(settings.storeId, outcomesOf(ids, kept.mapped));
    return {
      seen: read.length + page.invalid,
      ...counts,
      failed: kept.mapped.errors.size - kept.mapped.writes.size + page.invalid,
      committedIds: ids,
    };
  }

  /**
   * Re-maps one page of stored raw orders (no Miva calls), after `after` in Miva id order. The raw
   * rows are locked and read inside the transaction, so a download committing the same order
   * meanwhile is never overwritten by a mapping of its older snapshot. Locks are taken in the
   * download's order (`orders` rows, then `miva_orders` rows), so the two never deadlock.
   */
  async remapPage(
    settings: IngestSettings,
    after: number,
    limit: number,
  ): Promise<RemapPageResult> {
    const { result, ids, mapped } = await this.repository.transaction(async (tx) => {
      const pageIds = await tx.rawPageIds(settings.storeId, after, limit);
      const existing = await tx.lockExisting(settings.storeId, pageIds);
      const orders = await tx.lockRaw(settings.storeId, pageIds);
      const byId = new Map(orders.map((o) => [o.id, o]));
      const mapped = mapAll(settings, byId.values());
      await tx.setMappingErrors(settings.storeId, mapped.errors);
      const counts = await writeRevisions(tx, settings, existing, mapped);
      const result: RemapPageResult = {
        seen: byId.size,
        ...counts,
        failed: byId.size - mapped.writes.size,
        next: pageIds.length < limit ? null : (pageIds.at(-1) ?? null),
      };
      return { result, ids: [...byId.keys()], mapped };
    });
    await this.exceptions.recordOrders(settings.storeId, outcomesOf(ids, mapped));
    return result;
  }
}

/**
 * The snapshot kept for remapping: the bytes Miva sent (or the order serialised again), with card
 * numbers masked and security codes removed. Every raw order passes here before it is written.
 */
function rawSnapshot(order: MivaOrder): Buffer {
  return scrubRawOrder(sourceBytesOf(order) ?? Buffer.from(JSON.stringify(order), 'utf8'));
}

/** The page without these orders (left out, not written). */
function withoutOrders(page: PreparedPage, ids: ReadonlySet<number>): PreparedPage {
  if (ids.size === 0) {
    return page;
  }
  const keep = <V>(map: Map<number, V>): Map<number, V> =>
    new Map([...map].filter(([id]) => !ids.has(id)));
  return {
    raw: page.raw.filter((row) => !ids.has(row.mivaOrderId)),
    mapped: { writes: keep(page.mapped.writes), errors: keep(page.mapped.errors) },
    invalid: page.invalid,
  };
}

/** What each committed order's mapping said, for the exception queue. */
function outcomesOf(ids: readonly number[], mapped: Mapped): OrderOutcome[] {
  return ids.map((mivaOrderId) => ({
    mivaOrderId,
    mappingError: mapped.errors.get(mivaOrderId) ?? null,
    exceptions: mapped.writes.get(mivaOrderId)?.mapped.exceptions ?? [],
  }));
}

function mapAll(settings: IngestSettings, orders: Iterable<MivaOrder>): Mapped {
  const writes = new Map<number, OrderWrite>();
  const errors = new Map<number, string | null>();
  for (const order of orders) {
    try {
      const m = mapOrder(order, settings.mapper);
      writes.set(order.id, {
        mivaOrderId: order.id,
        mapped: m,
        contentHash: mappedOrderHash(m),
        status: m.status,
        importable: settings.importStatuses.includes(m.status),
      });
      errors.set(order.id, null);
    } catch (error) {
      // A message may quote a value of the order: never a card number.
      errors.set(
        order.id,
        redactCardNumbers(error instanceof Error ? error.message : String(error)),
      );
    }
  }
  return { writes, errors };
}

async function writeRevisions(
  tx: OrderWriteTransaction,
  settings: IngestSettings,
  existingRows: Awaited<ReturnType<OrderWriteTransaction['lockExisting']>>,
  mapped: Mapped,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const existing = new Map(existingRows.map((row) => [row.mivaOrderId, row]));
  const created: OrderWrite[] = [];
  const changed: OrderWrite[] = [];
  for (const write of mapped.writes.values()) {
    const before = existing.get(write.mivaOrderId);
    if (before === undefined) {
      created.push(write);
    } else if (before.contentHash !== write.contentHash || (!before.offered && write.importable)) {
      // The second case: the store now imports this status (settings changed); offer it.
      changed.push(write);
    }
  }
  await tx.writeOrders(settings.storeId, created, changed);
  return {
    created: created.length,
    updated: changed.length,
    unchanged: mapped.writes.size - created.length - changed.length,
  };
}

/** The ingest settings of a store row. */
export function ingestSettingsOf(store: StoreEntity): IngestSettings {
  return {
    storeId: store.id,
    mapper: {
      productIdentifier: store.productIdentifier,
      kitMode: store.kitMode,
      customFieldMappings: store.customFieldMappings,
      paymentMappings: store.paymentMappings,
      currency: store.currency,
    },
    importStatuses: store.download.importStatuses,
  };
}
