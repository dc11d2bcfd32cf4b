import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OmsLine } from '../../mappers/oms-order.types';
import type { MivaOrderItem } from '../../miva-model/miva.models';
import { first } from '../../common/must';
import { returnedRows } from '../../database/returned-rows';
import type { Allocation } from './order-change-plan';
import {
  OrderChangeEntity,
  OrderChangeKind,
  OrderChangeLine,
  OrderChangeStatus,
} from './order-change.entity';

/** The order a change is for: its mapped lines and the Miva items of the stored snapshot. */
export interface ChangeOrder {
  id: string;
  storeId: string;
  mivaOrderId: number;
  offered: boolean;
  lines: OmsLine[];
  items: MivaOrderItem[];
}

export interface NewOrderChange {
  storeId: string;
  orderId: string;
  mivaOrderId: number;
  kind: OrderChangeKind;
  ref: string;
  lines: OrderChangeLine[];
  reason: string | null;
  expectedAt: Date | null;
}

/** A change claimed by a worker, with the fencing token of its lease. */
export interface ClaimedOrderChange extends OrderChangeEntity {
  leaseToken: string;
}

interface OrderChangeRow {
  id: string;
  store_id: string;
  order_id: string;
  miva_order_id: number;
  kind: OrderChangeKind;
  ref: string;
  lines: OrderChangeLine[];
  reason: string | null;
  expected_at: Date | null;
  status: OrderChangeStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  leased_until: Date | null;
  lease_token: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

function toEntity(row: OrderChangeRow): OrderChangeEntity {
  return Object.assign(new OrderChangeEntity(), {
    id: row.id,
    storeId: row.store_id,
    orderId: row.order_id,
    mivaOrderId: row.miva_order_id,
    kind: row.kind,
    ref: row.ref,
    lines: row.lines,
    reason: row.reason,
    expectedAt: row.expected_at,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    leasedUntil: row.leased_until,
    leaseToken: row.lease_token,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  });
}

/**
 * The statements of one change-request transaction. The order row is locked first, as the
 * shipment requests do, so shipments, cancellations and backorders of one order allocate
 * quantities one after the other.
 */
export class OrderChangeRequestTransaction {
  constructor(private readonly manager: EntityManager) {}

  async lockOrder(orderId: string): Promise<ChangeOrder | null> {
    const rows: {
      id: string;
      store_id: string;
      miva_order_id: number;
      offered: boolean;
      lines: OmsLine[] | null;
      items: MivaOrderItem[] | null;
    }[] = await this.manager.query(
      `SELECT o.id, o.store_id, o.miva_order_id, o.offered,
              o.mapped -> 'lines' AS lines, m.raw -> 'items' AS items
         FROM orders o
         LEFT JOIN miva_orders m ON m.store_id = o.store_id AND m.miva_order_id = o.miva_order_id
        WHERE o.id = $1
          FOR UPDATE OF o`,
      [orderId],
    );
    const row = rows[0];
    if (row === undefined) {
      return null;
    }
    return {
      id: row.id,
      storeId: row.store_id,
      mivaOrderId: row.miva_order_id,
      offered: row.offered,
      lines: row.lines ?? [],
      items: row.items ?? [],
    };
  }

  async findByRef(
    orderId: string,
    kind: OrderChangeKind,
    ref: string,
  ): Promise<OrderChangeEntity | null> {
    const rows: OrderChangeRow[] = await this.manager.query(
      'SELECT * FROM order_changes WHERE order_id = $1 AND kind = $2 AND ref = $3',
      [orderId, kind, ref],
    );
    return rows[0] === undefined ? null : toEntity(rows[0]);
  }

  /**
   * The lines our own work holds on the order for a new change of `kind`: shipments (except
   * those that failed before Miva created them), cancellations that did not fail, and for a
   * backorder also the backorders that did not fail (a backordered line can still be cancelled
   * or shipped, but not backordered again). A failed change never reached Miva.
   */
  async allocations(orderId: string, kind: OrderChangeKind): Promise<Allocation[]> {
    const rows: { lines: Allocation[] }[] = await this.manager.query(
      `SELECT lines FROM shipments
        WHERE order_id = $1 AND (status <> 'failed' OR miva_shipment_id IS NOT NULL)
       UNION ALL
       SELECT lines FROM order_changes
        WHERE order_id = $1 AND status <> 'failed' AND (kind = 'cancellation' OR kind = $2)`,
      [orderId, kind],
    );
    return rows.flatMap((r) => r.lines);
  }

  async insert(change: NewOrderChange): Promise<OrderChangeEntity> {
    const rows: OrderChangeRow[] = await this.manager.query(
      `INSERT INTO order_changes (store_id, order_id, miva_order_id, kind, ref, lines, reason,
                                  expected_at, status, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, 'pending', now())
       RETURNING *`,
      [
        change.storeId,
        change.orderId,
        change.mivaOrderId,
        change.kind,
        change.ref,
        JSON.stringify(change.lines),
        change.reason,
        change.expectedAt,
      ],
    );
    return toEntity(first(rows, 'the inserted order change'));
  }
}

/** The one writer of `order_changes`: requests, the relay's leases and steps, requeues. */
@Injectable()
export class OrderChangesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: OrderChangeRequestTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) =>
      work(new OrderChangeRequestTransaction(manager)),
    );
  }

  async findOrderStore(orderId: string): Promise<{ storeId: string; offered: boolean } | null> {
    const rows: { store_id: string; offered: boolean }[] = await this.dataSource.query(
      'SELECT store_id, offered FROM orders WHERE id = $1',
      [orderId],
    );
    return rows[0] === undefined ? null : { storeId: rows[0].store_id, offered: rows[0].offered };
  }

  async listForOrder(orderId: string, kind: OrderChangeKind): Promise<OrderChangeEntity[]> {
    const rows: OrderChangeRow[] = await this.dataSource.query(
      'SELECT * FROM order_changes WHERE order_id = $1 AND kind = $2 ORDER BY created_at, id',
      [orderId, kind],
    );
    return rows.map(toEntity);
  }

  /**
   * Claims up to `limit` due changes for this worker. Only the oldest pending change of each
   * order is claimable, and only while no shipment of that order is ahead of it (pending and
   * older) or in flight (leased): the shipment claim says the same of changes, so an order's
   * shipments, cancellations and backorders reach Miva one at a time, in the order they were
   * accepted. A disabled or unauthorized store holds its changes: pending, unclaimed, no attempt
   * counted (a deleted store's are claimed, and failed by the worker).
   */
  async claim(limit: number, leaseMs: number): Promise<ClaimedOrderChange[]> {
    const rows = returnedRows<OrderChangeRow>(
      await this.dataSource.query(
        `UPDATE order_changes s
          SET leased_until = now() + $2 * interval '1 millisecond',
              lease_token = gen_random_uuid(), attempts = s.attempts + 1, updated_at = now()
        WHERE s.id IN (
          SELECT c.id FROM order_changes c
           WHERE c.id IN (SELECT DISTINCT ON (h.order_id) h.id FROM order_changes h
                           WHERE h.status = 'pending' ORDER BY h.order_id, h.created_at, h.id)
             AND c.status = 'pending' AND c.next_attempt_at <= now()
             AND (c.leased_until IS NULL OR c.leased_until < now())
             AND NOT EXISTS (SELECT 1 FROM stores st WHERE st.id = c.store_id
                              AND NOT (st.enabled AND st.status = 'active'))
             AND NOT EXISTS (SELECT 1 FROM shipments sh
                              WHERE sh.order_id = c.order_id AND sh.status = 'pending'
                                AND (sh.created_at <= c.created_at OR sh.leased_until > now()))
           ORDER BY c.next_attempt_at
           LIMIT $1
             FOR UPDATE SKIP LOCKED)
        RETURNING s.*`,
        [limit, leaseMs],
      ),
    );
    return rows.map((row) => toEntity(row) as ClaimedOrderChange);
  }

  /**
   * Records the lines' progress and renews the lease. False when the lease was lost (another
   * worker took the change over): the caller must stop without touching Miva again.
   */
  async saveLines(
    id: string,
    leaseToken: string,
    lines: readonly OrderChangeLine[],
    leaseMs: number,
  ): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE order_changes
          SET lines = $3::jsonb, leased_until = now() + $4 * interval '1 millisecond',
              updated_at = now()
        WHERE id = $1 AND lease_token = $2 AND status = 'pending'
        RETURNING id`,
        [id, leaseToken, JSON.stringify(lines), leaseMs],
      ),
    );
    return rows.length > 0;
  }

  /** Final state. Sent clears the last error; failed records why. False: the lease was lost. */
  async finish(
    id: string,
    leaseToken: string,
    status: 'sent' | 'failed',
    lastError: string | null,
  ): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE order_changes
          SET status = $3,
              last_error = CASE WHEN $3 = 'sent' THEN NULL ELSE COALESCE($4, last_error) END,
              leased_until = NULL, lease_token = NULL, updated_at = now(),
              sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END
        WHERE id = $1 AND lease_token = $2 AND status = 'pending'
        RETURNING id`,
        [id, leaseToken, status, lastError],
      ),
    );
    return rows.length > 0;
  }

  /** Back to the queue, due after `delayMs` (0 = now: a clean hand-back at shutdown). */
  async reschedule(
    id: string,
    leaseToken: string,
    delayMs: number,
    lastError: string | null,
  ): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE order_changes
          SET next_attempt_at = now() + $3 * interval '1 millisecond',
              last_error = COALESCE($4, last_error), leased_until = NULL, lease_token = NULL,
              updated_at = now()
        WHERE id = $1 AND lease_token = $2 AND status = 'pending'
        RETURNING id`,
        [id, leaseToken, delayMs, lastError],
      ),
    );
    return rows.length > 0;
  }

  /** A parked change back to the queue, due now (a person retried it). False: not parked. */
  async requeue(id: string): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE order_changes
            SET status = 'pending', attempts = 0, next_attempt_at = now(), leased_until = NULL,
                lease_token = NULL, updated_at = now()
          WHERE id = $1 AND status = 'failed'
          RETURNING id`,
        [id],
      ),
    );
    return rows.length > 0;
  }

  /** Waiting and parked changes (each count served by its partial index). */
  async depth(): Promise<Record<string, number>> {
    const rows: { pending: string; failed: string }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM order_changes WHERE status = 'pending') AS pending,
              (SELECT count(*) FROM order_changes WHERE status = 'failed') AS failed`,
    );
    const { pending, failed } = first(rows, 'the counts row');
    return { pending: Number(pending), failed: Number(failed) };
  }
}
