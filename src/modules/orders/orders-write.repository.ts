import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AdvisoryLock } from '../../database/advisory-locks';
import type { MappedOrder } from '../../mappers/oms-order.types';
import type { MivaOrder } from '../../miva-model/miva.models';
import type { MivaOrderEntity } from './miva-order.entity';
import type { CurrentRevision, ExistingOrderRow } from './order.rows';

export interface RawOrderWrite {
  mivaOrderId: number;
  /** The order's JSON: the bytes Miva sent where known, else the order serialised again. */
  json: Buffer | string;
  dtUpdated: number | null;
  mappingError: string | null;
}

export interface OrderWrite {
  mivaOrderId: number;
  contentHash: string;
  mapped: MappedOrder;
  status: string;
  /** Whether this revision's status is one the store imports. */
  importable: boolean;
}

/** The statements of one ingest transaction (see OrderIngestService). */
export class OrderWriteTransaction {
  constructor(private readonly manager: EntityManager) {}

  async lockExisting(storeId: string, mivaOrderIds: number[]): Promise<ExistingOrderRow[]> {
    return this.manager.query(
      `SELECT miva_order_id AS "mivaOrderId", revision, content_hash AS "contentHash", offered
         FROM orders WHERE store_id = $1 AND miva_order_id = ANY($2::int[])
        ORDER BY miva_order_id FOR UPDATE`,
      [storeId, mivaOrderIds],
    );
  }

  /** Of these rows, the Miva ids whose stored copy has a newer dt_updated (see keepNewer). */
  async newerStored(storeId: string, rows: readonly RawOrderWrite[]): Promise<Set<number>> {
    const dated = rows.filter((r) => r.dtUpdated !== null);
    if (dated.length === 0) {
      return new Set();
    }
    const newer: { id: number }[] = await this.manager.query(
      `SELECT m.miva_order_id AS id
         FROM miva_orders m
         JOIN unnest($2::int[], $3::bigint[]) AS x(id, dt) ON m.miva_order_id = x.id
        WHERE m.store_id = $1 AND m.dt_updated > x.dt`,
      [storeId, dated.map((r) => r.mivaOrderId), dated.map((r) => r.dtUpdated)],
    );
    return new Set(newer.map((r) => r.id));
  }

  async upsertRaw(storeId: string, rows: RawOrderWrite[]): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    const values = valuesList(
      ['int', 'json', 'bigint', 'text'],
      rows.map((r) => [r.mivaOrderId, r.json, r.dtUpdated, r.mappingError]),
      [storeId],
    );
    await this.manager.query(
      `INSERT INTO miva_orders (store_id, miva_order_id, raw, dt_updated, mapping_error, downloaded_at)
       SELECT $1, x.id, x.raw, x.dt, x.err, now() FROM (VALUES ${values.sql}) AS x(id, raw, dt, err)
       ON CONFLICT (store_id, miva_order_id) DO UPDATE
         SET raw = EXCLUDED.raw, dt_updated = EXCLUDED.dt_updated,
             mapping_error = EXCLUDED.mapping_error, downloaded_at = EXCLUDED.downloaded_at`,
      values.params,
    );
  }

  /** The Miva ids of the store's next `limit` stored raw orders after `after` (not locked). */
  async rawPageIds(storeId: string, after: number, limit: number): Promise<number[]> {
    const rows: Pick<MivaOrderEntity, 'mivaOrderId'>[] = await this.manager.query(
      `SELECT miva_order_id AS "mivaOrderId" FROM miva_orders
        WHERE store_id = $1 AND miva_order_id > $2 ORDER BY miva_order_id LIMIT $3`,
      [storeId, after, limit],
    );
    return rows.map((r) => r.mivaOrderId);
  }

  /**
   * The listed stored raw orders, locked for this transaction in Miva id order. Lock `orders`
   * rows first (lockExisting), as the download does, so a remap and a download never deadlock.
   */
  async lockRaw(storeId: string, mivaOrderIds: readonly number[]): Promise<MivaOrder[]> {
    const rows: Pick<MivaOrderEntity, 'raw'>[] = await this.manager.query(
      `SELECT raw FROM miva_orders WHERE store_id = $1 AND miva_order_id = ANY($2::int[])
        ORDER BY miva_order_id FOR UPDATE`,
      [storeId, mivaOrderIds],
    );
    return rows.map((r) => r.raw);
  }

  async setMappingErrors(storeId: string, errors: Map<number, string | null>): Promise<void> {
    if (errors.size === 0) {
      return;
    }
    await this.manager.query(
      `UPDATE miva_orders m SET mapping_error = x.err
         FROM jsonb_to_recordset($2::jsonb) AS x(id int, err text)
        WHERE m.store_id = $1 AND m.miva_order_id = x.id`,
      [storeId, JSON.stringify([...errors].map(([id, err]) => ({ id, err })))],
    );
  }

  /**
   * Inserts new orders (revision 1) and bumps changed ones (revision + 1), assigning feed
   * positions. Must be the last statement before commit: it takes the feed position lock.
   */
  async writeOrders(storeId: string, created: OrderWrite[], changed: OrderWrite[]): Promise<void> {
    if (created.length === 0 && changed.length === 0) {
      return;
    }
    // Held from here to commit, so feed positions commit in order (docs/ARCHITECTURE.md §5).
    await this.manager.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.FeedPosition]);
    // Rows in Miva id order: feed positions are assigned in that order.
    const values = (rows: OrderWrite[]): { sql: string; params: unknown[] } =>
      valuesList(
        ['int', 'text', 'json', 'text', 'bool'],
        [...rows]
          .sort((a, b) => a.mivaOrderId - b.mivaOrderId)
          .map((r) => [
            r.mivaOrderId,
            r.contentHash,
            JSON.stringify(r.mapped),
            r.status,
            r.importable,
          ]),
        [storeId],
      );
    if (created.length > 0) {
      const rows = values(created);
      await this.manager.query(
        `INSERT INTO orders (store_id, miva_order_id, revision, content_hash, mapped, status,
                             offered, acknowledged_revision, change_seq, changed_at)
         SELECT $1, x.id, 1, x.hash, x.mapped, x.status, x.importable, NULL,
                nextval('order_change_seq'), clock_timestamp()
           FROM (VALUES ${rows.sql}) AS x(id, hash, mapped, status, importable)`,
        rows.params,
      );
    }
    if (changed.length > 0) {
      const rows = values(changed);
      await this.manager.query(
        `UPDATE orders o
            SET revision = o.revision + 1, content_hash = x.hash, mapped = x.mapped,
                status = x.status, offered = o.offered OR x.importable,
                change_seq = nextval('order_change_seq'), changed_at = clock_timestamp()
           FROM (VALUES ${rows.sql}) AS x(id, hash, mapped, status, importable)
          WHERE o.store_id = $1 AND o.miva_order_id = x.id`,
        rows.params,
      );
    }
  }
}

/**
 * A VALUES list of `rows` as query parameters numbered after `leading` (the statement's own
 * parameters): `($2::int, $3::json), ($4::int, $5::json)`. Each value travels as its own
 * parameter, so large JSON (a Buffer goes as is) is neither escaped nor parsed twice.
 */
function valuesList(
  types: readonly string[],
  rows: readonly unknown[][],
  leading: unknown[],
): { sql: string; params: unknown[] } {
  const params = [...leading];
  const tuples: string[] = [];
  for (const row of rows) {
    const cells = row.map((value, i) => {
      params.push(value);
      return `$${params.length}::${types[i]}`;
    });
    tuples.push(`(${cells.join(', ')})`);
  }
  return { sql: tuples.join(', '), params };
}

/** Every write to `orders` and `miva_orders`: the download's ingest and the OMS's acknowledgements. */
@Injectable()
export class OrdersWriteRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: OrderWriteTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      // Plan the statements without their parameter values: a custom plan would fold each
      // order's JSON into the plan as a constant and copy megabytes per page while planning.
      await manager.query('SET LOCAL plan_cache_mode = force_generic_plan');
      return work(new OrderWriteTransaction(manager));
    });
  }

  /**
   * Locks the listed offered orders (within `storeIds`, null = all), lets `choose` pick, from their
   * current revisions, the ids to acknowledge, and marks those acknowledged at that revision.
   * Rows are locked in (store, Miva id) order, the order the write path locks them in, so an
   * acknowledgement and a download never deadlock; a revision cannot move on in between.
   */
  async acknowledge(
    ids: readonly string[],
    storeIds: readonly string[] | null,
    choose: (current: CurrentRevision[]) => string[],
  ): Promise<CurrentRevision[]> {
    return this.dataSource.transaction(async (manager) => {
      const current: CurrentRevision[] = await manager.query(
        `SELECT id, revision FROM orders
          WHERE id = ANY($1::uuid[]) AND offered
            AND ($2::uuid[] IS NULL OR store_id = ANY($2::uuid[]))
          ORDER BY store_id, miva_order_id
          FOR UPDATE`,
        [ids, storeIds],
      );
      const chosen = choose(current);
      if (chosen.length > 0) {
        await manager.query(
          `UPDATE orders SET acknowledged_revision = revision
            WHERE id = ANY($1::uuid[]) AND acknowledged_revision IS DISTINCT FROM revision`,
          [chosen],
        );
      }
      return current;
    });
  }
}
