import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../relay/sql-rows';
import type { PendingEvent } from './inventory-batch';
import type {
  InventoryBatchAdjustment,
  InventoryBatchMarker,
  InventoryBatchStatus,
} from './inventory-batch.entity';
import type { InventoryEventStatus } from './inventory-event.entity';

export interface NewInventoryEvent {
  eventId: string;
  identifier: string;
  delta: number;
}

export interface InventoryEventRow {
  seq: string;
  storeId: string;
  eventId: string;
  identifier: string;
  delta: number;
  status: InventoryEventStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface InventoryEventQuery {
  /** null = every store. */
  storeIds: readonly string[] | null;
  status?: InventoryEventStatus;
  limit: number;
}

/** A batch owned by this worker (the lease token fences every later write). */
export interface LeasedBatch {
  id: string;
  storeId: string;
  leaseToken: string;
  adjustments: InventoryBatchAdjustment[];
  marker: InventoryBatchMarker | null;
  eventCount: number;
  checkAttempts: number;
  createdAt: Date;
}

export interface RelayStateRow {
  consecutiveFailures: number;
  markerSupported: boolean | null;
  markerCheckedAt: Date | null;
}

interface BatchRow {
  id: string;
  store_id: string;
  lease_token: string;
  adjustments: InventoryBatchAdjustment[];
  marker: InventoryBatchMarker | null;
  event_count: number;
  check_attempts: number;
  created_at: Date;
}

function toBatch(row: BatchRow): LeasedBatch {
  return {
    id: row.id,
    storeId: row.store_id,
    leaseToken: row.lease_token,
    adjustments: row.adjustments,
    marker: row.marker,
    eventCount: row.event_count,
    checkAttempts: row.check_attempts,
    createdAt: row.created_at,
  };
}

/** The statements that open a batch: one transaction, so events are never half-assigned. */
export class BatchOpenTransaction {
  constructor(private readonly manager: EntityManager) {}

  /** The store's in-flight batch slot; null when another worker holds it. */
  async insertInFlight(storeId: string, leaseMs: number): Promise<LeasedBatch | null> {
    const rows: BatchRow[] = await this.manager.query(
      `INSERT INTO inventory_batches (store_id, status, leased_until, lease_token)
       VALUES ($1, 'in_flight', now() + $2 * interval '1 millisecond', gen_random_uuid())
       ON CONFLICT (store_id) WHERE status = 'in_flight' DO NOTHING
       RETURNING *`,
      [storeId, leaseMs],
    );
    return rows[0] === undefined ? null : toBatch(rows[0]);
  }

  /** Assigns the oldest pending events of the store to the batch. Ordered by seq. */
  async takePending(storeId: string, batchId: string, limit: number): Promise<PendingEvent[]> {
    // Two index-driven steps rather than one `seq IN (subquery)`: on a young table without
    // statistics the planner may pick a quadratic semi-join for the latter.
    const oldest: { seq: string }[] = await this.manager.query(
      `SELECT seq FROM inventory_events
        WHERE store_id = $1 AND status = 'pending' AND batch_id IS NULL
        ORDER BY seq LIMIT $2`,
      [storeId, limit],
    );
    if (oldest.length === 0) {
      return [];
    }
    const rows = returnedRows<{ seq: string; identifier: string; delta: number }>(
      await this.manager.query(
        `UPDATE inventory_events SET batch_id = $2, attempts = attempts + 1
          WHERE seq = ANY($1::bigint[]) AND status = 'pending' AND batch_id IS NULL
          RETURNING seq, identifier, delta`,
        [oldest.map((r) => r.seq), batchId],
      ),
    );
    return rows
      .map((r) => ({ seq: String(r.seq), identifier: r.identifier, delta: r.delta }))
      .sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
  }

  /** Hands events back to the queue (beyond what one call carries). */
  async untake(seqs: readonly string[]): Promise<void> {
    if (seqs.length === 0) {
      return;
    }
    await this.manager.query(
      `UPDATE inventory_events SET batch_id = NULL, attempts = attempts - 1
        WHERE seq = ANY($1::bigint[])`,
      [seqs],
    );
  }

  async setContent(
    batchId: string,
    adjustments: InventoryBatchAdjustment[],
    eventCount: number,
    marker: InventoryBatchMarker | null,
  ): Promise<void> {
    await this.manager.query(
      `UPDATE inventory_batches SET adjustments = $2::jsonb, event_count = $3, marker = $4::jsonb
        WHERE id = $1`,
      [batchId, JSON.stringify(adjustments), eventCount, marker ? JSON.stringify(marker) : null],
    );
  }

  async deleteBatch(batchId: string): Promise<void> {
    await this.manager.query('DELETE FROM inventory_batches WHERE id = $1', [batchId]);
  }

  async relayState(storeId: string): Promise<RelayStateRow | null> {
    return readRelayState(this.manager, storeId);
  }
}

async function readRelayState(
  manager: EntityManager | DataSource,
  storeId: string,
): Promise<RelayStateRow | null> {
  const rows: {
    consecutive_failures: number;
    marker_supported: boolean | null;
    marker_checked_at: Date | null;
  }[] = await manager.query(
    `SELECT consecutive_failures, marker_supported, marker_checked_at
       FROM inventory_relay_state WHERE store_id = $1`,
    [storeId],
  );
  const row = rows[0];
  return row === undefined
    ? null
    : {
        consecutiveFailures: row.consecutive_failures,
        markerSupported: row.marker_supported,
        markerCheckedAt: row.marker_checked_at,
      };
}

@Injectable()
export class InventoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async storeExists(storeId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM stores WHERE id = $1', [
      storeId,
    ]);
    return rows.length > 0;
  }

  /**
   * Records new events in request order; an event id the store has seen before (ever) is
   * skipped. Returns how many were new.
   */
  async insertEvents(storeId: string, events: readonly NewInventoryEvent[]): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO inventory_events (store_id, event_id, identifier, delta, status)
       SELECT $1, x.event_id, x.identifier, x.delta, 'pending'
         FROM jsonb_to_recordset($2::jsonb) AS x(ord int, event_id text, identifier text, delta int)
        ORDER BY x.ord
       ON CONFLICT (store_id, event_id) DO NOTHING
       RETURNING seq`,
      [
        storeId,
        JSON.stringify(
          events.map((e, ord) => ({
            ord,
            event_id: e.eventId,
            identifier: e.identifier,
            delta: e.delta,
          })),
        ),
      ],
    );
    return rows.length;
  }

  async list(query: InventoryEventQuery, storeId?: string): Promise<InventoryEventRow[]> {
    const rows: {
      seq: string;
      store_id: string;
      event_id: string;
      identifier: string;
      delta: number;
      status: InventoryEventStatus;
      attempts: number;
      last_error: string | null;
      created_at: Date;
      sent_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT seq, store_id, event_id, identifier, delta, status, attempts, last_error,
              created_at, sent_at
         FROM inventory_events
        WHERE ($1::uuid IS NULL OR store_id = $1)
          AND ($2::uuid[] IS NULL OR store_id = ANY($2::uuid[]))
          AND ($3::text IS NULL OR status = $3)
        ORDER BY seq DESC
        LIMIT $4`,
      [storeId ?? null, query.storeIds, query.status ?? null, query.limit],
    );
    return rows.map((r) => ({
      seq: String(r.seq),
      storeId: r.store_id,
      eventId: r.event_id,
      identifier: r.identifier,
      delta: r.delta,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    }));
  }

  // ---- the relay --------------------------------------------------------------------------

  openBatch<T>(work: (tx: BatchOpenTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new BatchOpenTransaction(manager)));
  }

  relayState(storeId: string): Promise<RelayStateRow | null> {
    return readRelayState(this.dataSource, storeId);
  }

  /**
   * Stores with events waiting, no batch in flight and no backoff running. The pending index
   * is walked one store at a time (a loose index scan), so a deep queue costs nothing here. A
   * store that is disabled or unauthorized holds its events: they stay pending, untaken (a
   * deleted store's are taken, and failed by the worker).
   */
  async storesWithWork(limit: number): Promise<string[]> {
    const rows: { store_id: string }[] = await this.dataSource.query(
      `WITH RECURSIVE s(store_id) AS (
         (SELECT store_id FROM inventory_events
           WHERE status = 'pending' AND batch_id IS NULL ORDER BY store_id LIMIT 1)
         UNION ALL
         SELECT (SELECT e.store_id FROM inventory_events e
                  WHERE e.status = 'pending' AND e.batch_id IS NULL AND e.store_id > s.store_id
                  ORDER BY e.store_id LIMIT 1)
           FROM s WHERE s.store_id IS NOT NULL)
       SELECT s.store_id FROM s
         LEFT JOIN inventory_relay_state r ON r.store_id = s.store_id
        WHERE s.store_id IS NOT NULL
          AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= now())
          AND NOT EXISTS (SELECT 1 FROM inventory_batches b
                           WHERE b.store_id = s.store_id AND b.status = 'in_flight')
          AND NOT EXISTS (SELECT 1 FROM stores st WHERE st.id = s.store_id
                           AND NOT (st.enabled AND st.status = 'active'))
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.store_id);
  }

  /**
   * In-flight batches nobody holds (a crashed or stopped worker, or a check that is due). Those
   * of a disabled or unauthorized store wait: their marker cannot be read until it is active.
   */
  async orphanedBatchIds(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT b.id FROM inventory_batches b
        WHERE b.status = 'in_flight' AND b.leased_until < now()
          AND (b.check_after IS NULL OR b.check_after <= now())
          AND NOT EXISTS (SELECT 1 FROM stores st WHERE st.id = b.store_id
                           AND NOT (st.enabled AND st.status = 'active'))
        ORDER BY b.created_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Takes over an orphaned in-flight batch with a new lease; null if someone else did. */
  async takeOver(batchId: string, leaseMs: number): Promise<LeasedBatch | null> {
    const rows = returnedRows<BatchRow>(
      await this.dataSource.query(
        `UPDATE inventory_batches
          SET lease_token = gen_random_uuid(), leased_until = now() + $2 * interval '1 millisecond'
        WHERE id = $1 AND status = 'in_flight' AND leased_until < now()
        RETURNING *`,
        [batchId, leaseMs],
      ),
    );
    return rows[0] === undefined ? null : toBatch(rows[0]);
  }

  /**
   * The batch reached Miva: its events are sent. Returns their acceptance times (for latency),
   * or null when the lease was lost.
   */
  async finishSent(batch: LeasedBatch, markerOk: boolean | null): Promise<Date[] | null> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.closeBatch(manager, batch, 'sent', null, { markerOk }))) {
        return null;
      }
      const rows = returnedRows<{ created_at: Date }>(
        await manager.query(
          `UPDATE inventory_events SET status = 'sent', sent_at = now(), last_error = NULL
            WHERE batch_id = $1 AND status = 'pending'
            RETURNING created_at`,
          [batch.id],
        ),
      );
      await manager.query(
        `INSERT INTO inventory_relay_state (store_id, next_attempt_at, consecutive_failures,
                                            last_error, marker_supported, marker_checked_at)
         VALUES ($1, now(), 0, NULL, $2, CASE WHEN $2::boolean IS NULL THEN NULL ELSE now() END)
         ON CONFLICT (store_id) DO UPDATE
           SET next_attempt_at = now(), consecutive_failures = 0, last_error = NULL,
               marker_supported = COALESCE($2, inventory_relay_state.marker_supported),
               marker_checked_at = CASE WHEN $2::boolean IS NULL
                                        THEN inventory_relay_state.marker_checked_at
                                        ELSE now() END`,
        [batch.storeId, markerOk],
      );
      return rows.map((r) => r.created_at);
    });
  }

  /**
   * Miva refused the call: the named products' events are parked as failed with Miva's message,
   * the rest go back to the queue (in their order) for the next call.
   */
  async finishRejected(
    batch: LeasedBatch,
    failed: ReadonlyMap<string, string>,
    error: string,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.closeBatch(manager, batch, 'rejected', error))) {
        return false;
      }
      const entries = [...failed].map(([identifier, message]) => ({ identifier, message }));
      await manager.query(
        `UPDATE inventory_events e SET status = 'failed', last_error = x.message
           FROM jsonb_to_recordset($2::jsonb) AS x(identifier text, message text)
          WHERE e.batch_id = $1 AND e.status = 'pending' AND e.identifier = x.identifier`,
        [batch.id, JSON.stringify(entries)],
      );
      await manager.query(
        `UPDATE inventory_events SET batch_id = NULL WHERE batch_id = $1 AND status = 'pending'`,
        [batch.id],
      );
      return true;
    });
  }

  /** Every event of the batch parked as failed (Miva refused the call as a whole). */
  async finishAllFailed(
    batch: LeasedBatch,
    status: 'rejected' | 'uncertain',
    message: string,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.closeBatch(manager, batch, status, message))) {
        return false;
      }
      await manager.query(
        `UPDATE inventory_events SET status = 'failed', last_error = $2
          WHERE batch_id = $1 AND status = 'pending'`,
        [batch.id, message],
      );
      return true;
    });
  }

  /**
   * The batch certainly never reached Miva: its events go back to the queue, and the store
   * waits `delayMs` before the next call.
   */
  async abort(
    batch: LeasedBatch,
    error: string,
    delayMs: number,
    failures: number,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.closeBatch(manager, batch, 'aborted', error))) {
        return false;
      }
      await manager.query(
        `UPDATE inventory_events SET batch_id = NULL WHERE batch_id = $1 AND status = 'pending'`,
        [batch.id],
      );
      await this.backoff(manager, batch.storeId, error, delayMs, failures);
      return true;
    });
  }

  /**
   * The outcome is in doubt (no answer): the batch stays in flight, released, and its marker
   * is read after `delayMs`. Nothing of the store is sent until then.
   */
  async inDoubt(batch: LeasedBatch, error: string, delayMs: number): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE inventory_batches
          SET leased_until = now() - interval '1 millisecond', error = $3,
              check_after = now() + $4 * interval '1 millisecond',
              check_attempts = check_attempts + 1
        WHERE id = $1 AND lease_token = $2 AND status = 'in_flight'
        RETURNING id`,
        [batch.id, batch.leaseToken, error, delayMs],
      ),
    );
    return rows.length > 0;
  }

  /**
   * Waiting events (not yet in a batch), events in flight and parked ones; each count is served
   * by a partial index, so a scrape stays cheap however many events were ever sent.
   */
  async depth(): Promise<Record<string, number>> {
    const rows: { pending: string; in_flight: string | null; failed: string }[] =
      await this.dataSource.query(
        `SELECT (SELECT count(*) FROM inventory_events
                  WHERE status = 'pending' AND batch_id IS NULL) AS pending,
                (SELECT sum(event_count) FROM inventory_batches
                  WHERE status = 'in_flight') AS in_flight,
                (SELECT count(*) FROM inventory_events WHERE status = 'failed') AS failed`,
      );
    return {
      pending: Number(rows[0].pending),
      in_flight: Number(rows[0].in_flight ?? 0),
      failed: Number(rows[0].failed),
    };
  }

  /** Deletes delivered (and never-sent) batches older than `days`; events keep their status. */
  async pruneBatches(days: number): Promise<number> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(
        `DELETE FROM inventory_batches
          WHERE id IN (SELECT id FROM inventory_batches
                        WHERE status IN ('sent', 'aborted')
                          AND finished_at < now() - $1 * interval '1 day'
                        LIMIT 10000)
          RETURNING id`,
        [days],
      ),
    );
    return rows.length;
  }

  private async closeBatch(
    manager: EntityManager,
    batch: LeasedBatch,
    status: InventoryBatchStatus,
    error: string | null,
    extra: { markerOk?: boolean | null } = {},
  ): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await manager.query(
        `UPDATE inventory_batches
          SET status = $3, error = $4, marker_ok = $5, finished_at = now()
        WHERE id = $1 AND lease_token = $2 AND status = 'in_flight'
        RETURNING id`,
        [batch.id, batch.leaseToken, status, error, extra.markerOk ?? null],
      ),
    );
    return rows.length > 0;
  }

  private async backoff(
    manager: EntityManager,
    storeId: string,
    error: string,
    delayMs: number,
    failures: number,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO inventory_relay_state (store_id, next_attempt_at, consecutive_failures, last_error)
       VALUES ($1, now() + $2 * interval '1 millisecond', $3, $4)
       ON CONFLICT (store_id) DO UPDATE
         SET next_attempt_at = EXCLUDED.next_attempt_at,
             consecutive_failures = EXCLUDED.consecutive_failures,
             last_error = EXCLUDED.last_error`,
      [storeId, delayMs, failures, error],
    );
  }

  /** Backoff for a store without closing a batch (e.g. after an in-doubt answer). */
  async setBackoff(
    storeId: string,
    error: string,
    delayMs: number,
    failures: number,
  ): Promise<void> {
    await this.backoff(this.dataSource.manager, storeId, error, delayMs, failures);
  }
}
