import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BatchedLookup } from '../../common/batched-lookup';
import { PreparedQueries } from '../../database/prepared-queries';
import type { FeedOrderRow } from './order.rows';

export interface FeedPageQuery {
  /** Serve positions strictly after this one. */
  after: string;
  /** One store (already checked against the key), or the key's stores; null = every store. */
  storeIds: readonly string[] | null;
  status: string | null;
  /** ISO-8601 instant. */
  updatedSince: string | null;
  acknowledged: boolean | null;
  limit: number;
}

// mapped is a `json` column (not jsonb): its text is exactly what the write path stored, in the
// mapper's key order, so it is served as text without a parse/stringify per order.
const ORDER_COLUMNS = `id, store_id AS "storeId", miva_order_id AS "mivaOrderId", revision,
  coalesce(acknowledged_revision = revision, false) AS acknowledged,
  change_seq::text AS "changeSeq",
  to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "changedAt",
  mapped::text AS "mappedJson"`;

/** Reads of the OMS feed (writes are in OrdersWriteRepository). Only offered orders are visible here. */
@Injectable()
export class OrdersReadRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedQueries,
  ) {}

  private readonly byId = new BatchedLookup<string, FeedOrderRow>(async (ids) => {
    const rows = await this.prepared.rows<FeedOrderRow>(
      'orders-read:by-ids',
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ANY($1::uuid[]) AND offered`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  });

  /**
   * One page in feed order: a single statement (one snapshot) over the partial feed indexes.
   * Writers commit positions in increasing order (OrdersWriteRepository.writeOrders), so every
   * position above the last one served that becomes visible later is a change not yet seen.
   */
  async feedPage(q: FeedPageQuery): Promise<FeedOrderRow[]> {
    const params: unknown[] = [q.after];
    const where = ['offered', 'change_seq > $1::bigint'];
    if (q.storeIds !== null && q.storeIds.length === 1) {
      // The common case, and the one the (store_id, change_seq) index serves directly.
      params.push(q.storeIds[0]);
      where.push(`store_id = $${params.length}::uuid`);
    } else if (q.storeIds !== null) {
      params.push(q.storeIds);
      where.push(`store_id = ANY($${params.length}::uuid[])`);
    }
    if (q.status !== null) {
      params.push(q.status);
      where.push(`status = $${params.length}`);
    }
    if (q.updatedSince !== null) {
      params.push(q.updatedSince);
      where.push(`changed_at >= $${params.length}::timestamptz`);
    }
    if (q.acknowledged !== null) {
      where.push(
        q.acknowledged
          ? 'acknowledged_revision = revision'
          : '(acknowledged_revision IS NULL OR acknowledged_revision <> revision)',
      );
    }
    params.push(q.limit);
    return this.dataSource.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE ${where.join(' AND ')}
        ORDER BY change_seq LIMIT $${params.length}`,
      params,
    );
  }

  /** An offered order by id; concurrent reads share one query (see BatchedLookup). */
  async findById(id: string): Promise<FeedOrderRow | null> {
    // Postgres prints uuids in lower case: the rows come back keyed that way.
    return (await this.byId.load(id.toLowerCase())) ?? null;
  }

  /**
   * The stored order whether or not it was offered to the OMS: for support staff's mapping
   * preview (src/modules/mappings), never for the OMS routes.
   */
  async findStoredByMivaId(storeId: string, mivaOrderId: number): Promise<FeedOrderRow | null> {
    const rows: FeedOrderRow[] = await this.dataSource.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE store_id = $1 AND miva_order_id = $2`,
      [storeId, mivaOrderId],
    );
    return rows[0] ?? null;
  }

  async findByMivaId(storeId: string, mivaOrderId: number): Promise<FeedOrderRow | null> {
    const rows = await this.prepared.rows<FeedOrderRow>(
      'orders-read:by-miva-id',
      `SELECT ${ORDER_COLUMNS} FROM orders
        WHERE store_id = $1 AND miva_order_id = $2 AND offered`,
      [storeId, mivaOrderId],
    );
    return rows[0] ?? null;
  }

  /**
   * Units the OMS does not know about yet, per identifier (lower-cased): the quantities on
   * product and kit-component lines, neither cancelled nor shipped, of the store's orders never
   * acknowledged at any revision (offered or not). Miva took them off its stock at checkout;
   * a stock true-up (src/modules/stock) subtracts them from the OMS's levels. One statement.
   */
  async reservedUnits(
    storeId: string,
    field: 'sku' | 'productCode',
    identifiers: readonly string[],
  ): Promise<Map<string, number>> {
    if (identifiers.length === 0) {
      return new Map();
    }
    const rows: { identifier: string; reserved: number }[] = await this.dataSource.query(
      `SELECT w.identifier, sum((l->>'quantity')::numeric)::int AS reserved
         FROM orders o
         CROSS JOIN LATERAL json_array_elements(o.mapped->'lines') AS l
         JOIN unnest($3::text[]) AS w(identifier) ON w.identifier = lower(l->>$2)
        WHERE o.store_id = $1 AND o.acknowledged_revision IS NULL
          AND l->>'kind' IN ('product', 'kit_component')
          AND coalesce(l->>'status', '') NOT IN ('cancelled', 'shipped')
        GROUP BY w.identifier`,
      [storeId, field, [...new Set(identifiers.map((i) => i.toLowerCase()))]],
    );
    return new Map(rows.map((r) => [r.identifier, r.reserved]));
  }
}
