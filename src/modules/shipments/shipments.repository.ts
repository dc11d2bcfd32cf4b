import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OmsLine } from '../../mappers/oms-order.types';
import type { MivaOrderItem } from '../../miva-model/miva.models';
import { first } from '../../common/must';
import { returnedRows } from '../../database/returned-rows';
import type { ShipmentListPosition } from './shipment-cursor';
import type { Allocation, RelayLine } from './shipment-plan';
import { ShipmentEntity, ShipmentStatus } from './shipment.entity';

/** The order a shipment is for: its mapped lines and the Miva items of the stored snapshot. */
export interface ShipmentOrder {
  id: string;
  storeId: string;
  mivaOrderId: number;
  offered: boolean;
  lines: OmsLine[];
  items: MivaOrderItem[];
}

export interface NewShipment {
  storeId: string;
  orderId: string;
  mivaOrderId: number;
  shipmentRef: string;
  lines: RelayLine[];
  carrier: string;
  trackingNumber: string;
  costCents: number;
  markShipped: boolean;
}

/** A shipment claimed by a worker, with the fencing token of its lease. */
export interface ClaimedShipment extends ShipmentEntity {
  leaseToken: string;
  lines: RelayLine[];
}

interface ShipmentRow {
  id: string;
  store_id: string;
  order_id: string;
  miva_order_id: number;
  shipment_ref: string;
  lines: RelayLine[];
  carrier: string;
  tracking_number: string;
  cost_cents: number;
  mark_shipped: boolean;
  status: ShipmentStatus;
  miva_shipment_id: number | null;
  miva_shipment_code: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  leased_until: Date | null;
  lease_token: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

function toEntity(row: ShipmentRow): ShipmentEntity {
  return Object.assign(new ShipmentEntity(), {
    id: row.id,
    storeId: row.store_id,
    orderId: row.order_id,
    mivaOrderId: row.miva_order_id,
    shipmentRef: row.shipment_ref,
    lines: row.lines,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    costCents: row.cost_cents,
    markShipped: row.mark_shipped,
    status: row.status,
    mivaShipmentId: row.miva_shipment_id,
    mivaShipmentCode: row.miva_shipment_code,
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

/** The statements of one shipment-request transaction (the order row is locked first). */
export class ShipmentRequestTransaction {
  constructor(private readonly manager: EntityManager) {}

  /** Locks the order, so concurrent requests for it allocate quantities one after the other. */
  async lockOrder(orderId: string): Promise<ShipmentOrder | null> {
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

  async findByRef(orderId: string, shipmentRef: string): Promise<ShipmentEntity | null> {
    const rows: ShipmentRow[] = await this.manager.query(
      'SELECT * FROM shipments WHERE order_id = $1 AND shipment_ref = $2',
      [orderId, shipmentRef],
    );
    return rows[0] === undefined ? null : toEntity(rows[0]);
  }

  /**
   * The lines that hold quantity: every shipment of the order except those that failed before
   * Miva created them, and its cancellations that did not fail (a cancelled quantity is never
   * shipped; a failed cancellation never reached Miva).
   */
  async allocatedLines(orderId: string): Promise<Allocation[]> {
    const rows: { lines: Allocation[] }[] = await this.manager.query(
      `SELECT lines FROM shipments
        WHERE order_id = $1 AND (status <> 'failed' OR miva_shipment_id IS NOT NULL)
       UNION ALL
       SELECT lines FROM order_changes
        WHERE order_id = $1 AND kind = 'cancellation' AND status <> 'failed'`,
      [orderId],
    );
    return rows.flatMap((r) => r.lines);
  }

  async insert(shipment: NewShipment): Promise<ShipmentEntity> {
    const rows: ShipmentRow[] = await this.manager.query(
      `INSERT INTO shipments (store_id, order_id, miva_order_id, shipment_ref, lines, carrier,
                              tracking_number, cost_cents, mark_shipped, status, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, 'pending', now())
       RETURNING *`,
      [
        shipment.storeId,
        shipment.orderId,
        shipment.mivaOrderId,
        shipment.shipmentRef,
        JSON.stringify(shipment.lines),
        shipment.carrier,
        shipment.trackingNumber,
        shipment.costCents,
        shipment.markShipped,
      ],
    );
    return toEntity(first(rows, 'the inserted shipment'));
  }
}

export interface ShipmentPageQuery {
  /** null = every store. */
  storeIds: readonly string[] | null;
  status: ShipmentStatus | null;
  limit: number;
  after: ShipmentListPosition | null;
}

export interface ListedShipment {
  shipment: ShipmentEntity;
  position: ShipmentListPosition;
}

export interface ShipmentProgressPatch {
  lines?: RelayLine[];
  mivaShipmentId?: number;
  mivaShipmentCode?: string;
}

@Injectable()
export class ShipmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: ShipmentRequestTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new ShipmentRequestTransaction(manager)));
  }

  async findOrderStore(orderId: string): Promise<{ storeId: string; offered: boolean } | null> {
    const rows: { store_id: string; offered: boolean }[] = await this.dataSource.query(
      'SELECT store_id, offered FROM orders WHERE id = $1',
      [orderId],
    );
    return rows[0] === undefined ? null : { storeId: rows[0].store_id, offered: rows[0].offered };
  }

  /**
   * One page of shipments across orders, newest first (created_at, id), strictly after `after`.
   * Served by shipments_list_idx / shipments_store_list_idx. Each row carries its position.
   */
  async listPage(query: ShipmentPageQuery): Promise<ListedShipment[]> {
    const rows: (ShipmentRow & { created_micros: string })[] = await this.dataSource.query(
      `SELECT *, (extract(epoch FROM created_at) * 1000000)::bigint::text AS created_micros
         FROM shipments
        WHERE ($1::uuid[] IS NULL OR store_id = ANY($1::uuid[]))
          AND ($2::text IS NULL OR status = $2)
          AND ($3::bigint IS NULL
               OR (created_at, id) < ('epoch'::timestamptz + $3::bigint * interval '1 microsecond', $4::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $5`,
      [
        query.storeIds,
        query.status,
        query.after?.createdMicros ?? null,
        query.after?.id ?? null,
        query.limit,
      ],
    );
    return rows.map((row) => ({
      shipment: toEntity(row),
      position: { createdMicros: row.created_micros, id: row.id },
    }));
  }

  async listForOrder(orderId: string): Promise<ShipmentEntity[]> {
    const rows: ShipmentRow[] = await this.dataSource.query(
      'SELECT * FROM shipments WHERE order_id = $1 ORDER BY created_at, id',
      [orderId],
    );
    return rows.map(toEntity);
  }

  /**
   * Claims up to `limit` due shipments for this worker. Only the oldest pending shipment of each
   * order is claimable, and only while no cancellation or backorder of that order is ahead of it
   * (pending and older) or in flight (leased), so one order's shipments and changes reach Miva
   * one at a time and in order, on any number of instances; SKIP LOCKED keeps instances from
   * waiting on each other. A store that is disabled or unauthorized holds its shipments: they
   * stay pending, unclaimed, no attempt counted (a deleted store's are claimed, and failed by
   * the worker).
   */
  async claim(limit: number, leaseMs: number): Promise<ClaimedShipment[]> {
    const rows = returnedRows<ShipmentRow>(
      await this.dataSource.query(
        `UPDATE shipments s
          SET leased_until = now() + $2 * interval '1 millisecond',
              lease_token = gen_random_uuid(), attempts = s.attempts + 1, updated_at = now()
        WHERE s.id IN (
          SELECT c.id FROM shipments c
           WHERE c.id IN (SELECT DISTINCT ON (h.order_id) h.id FROM shipments h
                           WHERE h.status = 'pending' ORDER BY h.order_id, h.created_at, h.id)
             AND c.status = 'pending' AND c.next_attempt_at <= now()
             AND (c.leased_until IS NULL OR c.leased_until < now())
             AND NOT EXISTS (SELECT 1 FROM stores st WHERE st.id = c.store_id
                              AND NOT (st.enabled AND st.status = 'active'))
             AND NOT EXISTS (SELECT 1 FROM order_changes oc
                              WHERE oc.order_id = c.order_id AND oc.status = 'pending'
                                AND (oc.created_at < c.created_at OR oc.leased_until > now()))
           ORDER BY c.next_attempt_at
           LIMIT $1
             FOR UPDATE SKIP LOCKED)
        RETURNING s.*`,
        [limit, leaseMs],
      ),
    );
    return rows.map((row) => toEntity(row) as ClaimedShipment);
  }

  /** Miva shipment ids our other shipments of the order have recorded (never adopted twice). */
  async claimedMivaShipmentIds(orderId: string, exceptId: string): Promise<Set<number>> {
    const rows: { miva_shipment_id: number }[] = await this.dataSource.query(
      `SELECT miva_shipment_id FROM shipments
        WHERE order_id = $1 AND id <> $2 AND miva_shipment_id IS NOT NULL`,
      [orderId, exceptId],
    );
    return new Set(rows.map((r) => r.miva_shipment_id));
  }

  /**
   * Records a step and renews the lease. False when the lease was lost (another worker took the
   * shipment over): the caller must stop without touching Miva again.
   */
  async saveProgress(
    id: string,
    leaseToken: string,
    patch: ShipmentProgressPatch,
    leaseMs: number,
  ): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE shipments
          SET lines = COALESCE($3::jsonb, lines),
              miva_shipment_id = COALESCE($4, miva_shipment_id),
              miva_shipment_code = COALESCE($5, miva_shipment_code),
              leased_until = now() + $6 * interval '1 millisecond', updated_at = now()
        WHERE id = $1 AND lease_token = $2 AND status = 'pending'
        RETURNING id`,
        [
          id,
          leaseToken,
          patch.lines === undefined ? null : JSON.stringify(patch.lines),
          patch.mivaShipmentId ?? null,
          patch.mivaShipmentCode ?? null,
          leaseMs,
        ],
      ),
    );
    return rows.length > 0;
  }

  /**
   * Final state: sent or failed. Returns false when the lease was lost. Sent clears the error of
   * the retries before it (lastError is only ever the failure of a shipment not yet sent).
   */
  async finish(
    id: string,
    leaseToken: string,
    status: 'sent' | 'failed',
    lastError: string | null,
  ): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE shipments
          SET status = $3,
              last_error = CASE WHEN $3 = 'sent' THEN NULL ELSE COALESCE($4, last_error) END,
              leased_until = NULL,
              lease_token = NULL, updated_at = now(),
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
        `UPDATE shipments
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

  /** A parked shipment back to the queue, due now (a person retried it). False: not parked. */
  async requeue(id: string): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE shipments
            SET status = 'pending', attempts = 0, next_attempt_at = now(), leased_until = NULL,
                lease_token = NULL, updated_at = now()
          WHERE id = $1 AND status = 'failed'
          RETURNING id`,
        [id],
      ),
    );
    return rows.length > 0;
  }

  /** Waiting and parked shipments (each count served by its partial index). */
  async depth(): Promise<Record<string, number>> {
    const rows: { pending: string; failed: string }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM shipments WHERE status = 'pending') AS pending,
              (SELECT count(*) FROM shipments WHERE status = 'failed') AS failed`,
    );
    const { pending, failed } = first(rows, 'the counts row');
    return { pending: Number(pending), failed: Number(failed) };
  }
}
