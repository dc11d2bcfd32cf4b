import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { first } from '../../common/must';
import { returnedRows } from '../../database/returned-rows';
import type {
  InventoryBatchAdjustment,
  InventoryBatchEntity,
  InventoryBatchMarker,
  InventoryBatchStatus,
} from './inventory-batch.entity';
import { InventoryEventStatements, SentEvent } from './inventory-events.repository';
import { InventoryRelayStateStatements } from './inventory-relay-state.repository';

/** A batch owned by this worker (the lease token fences every later write). */
export type LeasedBatch = Pick<
  InventoryBatchEntity,
  | 'id'
  | 'storeId'
  | 'leaseToken'
  | 'adjustments'
  | 'marker'
  | 'eventCount'
  | 'checkAttempts'
  | 'createdAt'
>;

// A LeasedBatch selected under its property names.
const LEASED_BATCH = `id, store_id AS "storeId", lease_token AS "leaseToken", adjustments, marker,
  event_count AS "eventCount", check_attempts AS "checkAttempts", created_at AS "createdAt"`;

/**
 * The statements that open a batch: one transaction, so events are never half-assigned. The
 * store's events and relay state are read and written through their own tables' statements.
 */
export class BatchOpenTransaction {
  readonly events: InventoryEventStatements;
  readonly relayState: InventoryRelayStateStatements;

  constructor(private readonly manager: EntityManager) {
    this.events = new InventoryEventStatements(manager);
    this.relayState = new InventoryRelayStateStatements(manager);
  }

  /** The store's in-flight batch slot; null when another worker holds it. */
  async insertInFlight(storeId: string, leaseMs: number): Promise<LeasedBatch | null> {
    const rows: LeasedBatch[] = await this.manager.query(
      `INSERT INTO inventory_batches (store_id, status, leased_until, lease_token)
       VALUES ($1, 'in_flight', now() + $2 * interval '1 millisecond', gen_random_uuid())
       ON CONFLICT (store_id) WHERE status = 'in_flight' DO NOTHING
       RETURNING ${LEASED_BATCH}`,
      [storeId, leaseMs],
    );
    return rows[0] ?? null;
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
}

/**
 * Owner of inventory_batches: one ProductList_Adjust_Inventory call per row. Closing a batch
 * settles its events and the store's relay state in the same transaction.
 */
@Injectable()
export class InventoryBatchesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  openBatch<T>(work: (tx: BatchOpenTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new BatchOpenTransaction(manager)));
  }

  /**
   * In-flight batches nobody holds (a crashed or stopped worker, or a check that is due). Those
   * of a disabled or unauthorized store wait: their marker cannot be read until it is active
   * (read in the same statement, so the batches waiting do not use up the limit).
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
    const rows = returnedRows<LeasedBatch>(
      await this.dataSource.query(
        `UPDATE inventory_batches
          SET lease_token = gen_random_uuid(), leased_until = now() + $2 * interval '1 millisecond'
        WHERE id = $1 AND status = 'in_flight' AND leased_until < now()
        RETURNING ${LEASED_BATCH}`,
        [batchId, leaseMs],
      ),
    );
    return rows[0] ?? null;
  }

  /**
   * The batch reached Miva: its events are sent. Returns them (ids, acceptance times),
   * or null when the lease was lost.
   */
  finishSent(batch: LeasedBatch, markerOk: boolean | null): Promise<SentEvent[] | null> {
    return this.close(batch, 'sent', null, markerOk, async (manager) => {
      const accepted = await new InventoryEventStatements(manager).markSent(batch.id);
      await new InventoryRelayStateStatements(manager).recordSent(batch.storeId, markerOk);
      return accepted;
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
    const done = await this.close(batch, 'rejected', error, null, async (manager) => {
      const events = new InventoryEventStatements(manager);
      await events.failProducts(batch.id, failed);
      await events.release(batch.id);
      return true;
    });
    return done ?? false;
  }

  /** Every event of the batch parked as failed (Miva refused the call as a whole). */
  async finishAllFailed(
    batch: LeasedBatch,
    status: 'rejected' | 'uncertain',
    message: string,
  ): Promise<boolean> {
    const done = await this.close(batch, status, message, null, async (manager) => {
      await new InventoryEventStatements(manager).failAll(batch.id, message);
      return true;
    });
    return done ?? false;
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
    const done = await this.close(batch, 'aborted', error, null, async (manager) => {
      await new InventoryEventStatements(manager).releaseForRetry(batch.id, error);
      await new InventoryRelayStateStatements(manager).backoff(
        batch.storeId,
        error,
        delayMs,
        failures,
      );
      return true;
    });
    return done ?? false;
  }

  /**
   * The outcome is in doubt (no answer): the batch stays in flight, released, and its marker
   * is read after `delayMs`. Nothing of the store is sent until then.
   */
  async inDoubt(batch: LeasedBatch, error: string, delayMs: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const rows = returnedRows<unknown>(
        await manager.query(
          `UPDATE inventory_batches
            SET leased_until = now() - interval '1 millisecond', error = $3,
                check_after = now() + $4 * interval '1 millisecond',
                check_attempts = check_attempts + 1
          WHERE id = $1 AND lease_token = $2 AND status = 'in_flight'
          RETURNING id`,
          [batch.id, batch.leaseToken, error, delayMs],
        ),
      );
      if (rows.length === 0) {
        return false;
      }
      await new InventoryEventStatements(manager).noteError(batch.id, error);
      return true;
    });
  }

  /** Events in flight (the sum over the in-flight batches, at most one per store). */
  async inFlightEvents(): Promise<number> {
    const rows: { n: string | null }[] = await this.dataSource.query(
      `SELECT sum(event_count) AS n FROM inventory_batches WHERE status = 'in_flight'`,
    );
    return Number(first(rows, 'the sum row').n ?? 0);
  }

  /** Deletes delivered (and never-sent) batches older than `days`; events keep their status. */
  async prune(days: number): Promise<number> {
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

  /**
   * Closes the batch under its lease and, in the same transaction, runs `then` (its events and
   * the store's state). Null, and nothing written, when the lease was lost.
   */
  private close<T>(
    batch: LeasedBatch,
    status: InventoryBatchStatus,
    error: string | null,
    markerOk: boolean | null,
    then: (manager: EntityManager) => Promise<T>,
  ): Promise<T | null> {
    return this.dataSource.transaction(async (manager) => {
      const rows = returnedRows<unknown>(
        await manager.query(
          `UPDATE inventory_batches
            SET status = $3, error = $4, marker_ok = $5, finished_at = now()
          WHERE id = $1 AND lease_token = $2 AND status = 'in_flight'
          RETURNING id`,
          [batch.id, batch.leaseToken, status, error, markerOk],
        ),
      );
      return rows.length > 0 ? then(manager) : null;
    });
  }
}
