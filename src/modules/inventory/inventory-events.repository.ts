import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { first } from '../../common/must';
import { returnedRows } from '../../database/returned-rows';
import type { PendingEvent } from './inventory-batch';
import { takeableEventSql } from '../stock/true-up-hold';
import type { InventoryEventEntity, InventoryEventStatus } from './inventory-event.entity';

export interface NewInventoryEvent {
  eventId: string;
  identifier: string;
  delta: number;
}

/**
 * An event as listed (table inventory_events; the batch it rode in is not shown), with when a
 * pending one is tried next (read from the store's relay state and its batch, see list).
 */
export type InventoryEventRow = Omit<InventoryEventEntity, 'batchId' | 'trueUpId'> & {
  nextAttemptAt: Date | null;
};

/** Where a true-up's delta stands in the queue. */
export type TrueUpEventOutcome = Pick<InventoryEventEntity, 'eventId' | 'status' | 'lastError'>;

export interface InventoryEventQuery {
  /** null = every store. */
  storeIds: readonly string[] | null;
  status?: InventoryEventStatus;
  limit: number;
}

/** The statements on inventory_events that run inside a batch's transaction. */
export class InventoryEventStatements {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Assigns the oldest pending events of the store to the batch. Ordered by seq. Deltas a
   * running true-up holds back (src/modules/stock/true-up-hold.ts) are left for later.
   */
  async takePending(storeId: string, batchId: string, limit: number): Promise<PendingEvent[]> {
    // Two index-driven steps rather than one `seq IN (subquery)`: on a young table without
    // statistics the planner may pick a quadratic semi-join for the latter.
    const oldest: { seq: string }[] = await this.manager.query(
      `SELECT e.seq FROM inventory_events e
        WHERE e.store_id = $1 AND e.status = 'pending' AND e.batch_id IS NULL
          AND ${takeableEventSql('e', '$1')}
        ORDER BY e.seq LIMIT $2`,
      [storeId, limit],
    );
    if (oldest.length === 0) {
      return [];
    }
    const rows = returnedRows<PendingEvent>(
      await this.manager.query(
        `UPDATE inventory_events SET batch_id = $2, attempts = attempts + 1
          WHERE seq = ANY($1::bigint[]) AND status = 'pending' AND batch_id IS NULL
          RETURNING seq::text AS seq, identifier, delta`,
        [oldest.map((r) => r.seq), batchId],
      ),
    );
    return rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
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

  /** The batch's pending events are sent; returns their ids and acceptance times (for latency). */
  async markSent(batchId: string): Promise<SentEvent[]> {
    return returnedRows<SentEvent>(
      await this.manager.query(
        `UPDATE inventory_events SET status = 'sent', sent_at = now(), last_error = NULL
          WHERE batch_id = $1 AND status = 'pending'
          RETURNING seq::text AS id, created_at AS "createdAt"`,
        [batchId],
      ),
    );
  }

  /** Parks the batch's events of the named products as failed, each with its message. */
  async failProducts(batchId: string, failed: ReadonlyMap<string, string>): Promise<void> {
    const entries = [...failed].map(([identifier, message]) => ({ identifier, message }));
    await this.manager.query(
      `UPDATE inventory_events e SET status = 'failed', last_error = x.message
         FROM jsonb_to_recordset($2::jsonb) AS x(identifier text, message text)
        WHERE e.batch_id = $1 AND e.status = 'pending' AND e.identifier = x.identifier`,
      [batchId, JSON.stringify(entries)],
    );
  }

  /** Parks every pending event of the batch as failed. */
  async failAll(batchId: string, message: string): Promise<void> {
    await this.manager.query(
      `UPDATE inventory_events SET status = 'failed', last_error = $2
        WHERE batch_id = $1 AND status = 'pending'`,
      [batchId, message],
    );
  }

  /**
   * The batch did not reach Miva and is retried: its pending events go back to the queue with
   * the failure as their lastError (cleared once they are sent, see markSent).
   */
  async releaseForRetry(batchId: string, error: string): Promise<void> {
    await this.manager.query(
      `UPDATE inventory_events SET batch_id = NULL, last_error = $2
        WHERE batch_id = $1 AND status = 'pending'`,
      [batchId, error],
    );
  }

  /** The batch's outcome is in doubt: its events, still in it, show why they wait. */
  async noteError(batchId: string, error: string): Promise<void> {
    await this.manager.query(
      `UPDATE inventory_events SET last_error = $2 WHERE batch_id = $1 AND status = 'pending'`,
      [batchId, error],
    );
  }

  /** The batch's pending events go back to the queue, in their order. */
  async release(batchId: string): Promise<void> {
    await this.manager.query(
      `UPDATE inventory_events SET batch_id = NULL WHERE batch_id = $1 AND status = 'pending'`,
      [batchId],
    );
  }
}

export interface SentEvent {
  id: string;
  createdAt: Date;
}

export interface ParkedEvent {
  id: string;
  identifier: string;
  lastError: string | null;
}

/** Owner of inventory_events: the OMS deltas, also the relay's queue. */
@Injectable()
export class InventoryEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A parked event back to the queue (a person retried it). False: not parked. */
  async requeue(seq: string): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await this.dataSource.query(
        `UPDATE inventory_events SET status = 'pending', batch_id = NULL, attempts = 0
          WHERE seq = $1 AND status = 'failed'
          RETURNING seq`,
        [seq],
      ),
    );
    return rows.length > 0;
  }

  /** The events of a batch parked as failed (each with why). */
  parkedOfBatch(batchId: string): Promise<ParkedEvent[]> {
    return this.dataSource.query(
      `SELECT seq::text AS id, identifier, last_error AS "lastError" FROM inventory_events
        WHERE batch_id = $1 AND status = 'failed'`,
      [batchId],
    );
  }

  /**
   * Records new events in request order; an event id the store has seen before (ever) is
   * skipped. Returns the event ids that were new.
   */
  async insert(storeId: string, events: readonly NewInventoryEvent[]): Promise<string[]> {
    const rows: { event_id: string }[] = await this.dataSource.query(
      `INSERT INTO inventory_events (store_id, event_id, identifier, delta, status)
       SELECT $1, x.event_id, x.identifier, x.delta, 'pending'
         FROM jsonb_to_recordset($2::jsonb) AS x(ord int, event_id text, identifier text, delta int)
        ORDER BY x.ord
       ON CONFLICT (store_id, event_id) DO NOTHING
       RETURNING event_id`,
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
    return rows.map((r) => r.event_id);
  }

  /**
   * Records the deltas of a true-up (src/modules/stock) as events of its own, never held back
   * by it. Event ids are the true-up's, so recording them again (a resumed true-up) adds nothing.
   */
  async insertForTrueUp(
    storeId: string,
    trueUpId: string,
    events: readonly NewInventoryEvent[],
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO inventory_events (store_id, event_id, identifier, delta, status, true_up_id)
       SELECT $1, x.event_id, x.identifier, x.delta, 'pending', $3::uuid
         FROM jsonb_to_recordset($2::jsonb) AS x(ord int, event_id text, identifier text, delta int)
        ORDER BY x.ord
       ON CONFLICT (store_id, event_id) DO NOTHING`,
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
        trueUpId,
      ],
    );
  }

  /** The newest event's number ('0' when there is none): a true-up's watermark. */
  async lastSeq(): Promise<string> {
    const rows: { seq: string | null }[] = await this.dataSource.query(
      'SELECT max(seq)::text AS seq FROM inventory_events',
    );
    return rows[0]?.seq ?? '0';
  }

  /**
   * Whether the store's events up to `seq` have all left the queue (sent, or parked) and no
   * batch of the store is in flight: Miva's stock then includes every one that was applied.
   */
  async settledUpTo(storeId: string, seq: string): Promise<boolean> {
    const rows: { settled: boolean }[] = await this.dataSource.query(
      `SELECT NOT EXISTS (SELECT 1 FROM inventory_events
                           WHERE store_id = $1 AND status = 'pending' AND seq <= $2::bigint)
          AND NOT EXISTS (SELECT 1 FROM inventory_batches
                           WHERE store_id = $1 AND status = 'in_flight') AS settled`,
      [storeId, seq],
    );
    return rows[0]?.settled === true;
  }

  /** How many deltas of a true-up still wait for Miva. */
  async pendingOfTrueUp(trueUpId: string): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM inventory_events
        WHERE true_up_id = $1 AND status = 'pending'`,
      [trueUpId],
    );
    return rows[0]?.n ?? 0;
  }

  /** The deltas of a true-up with their status (and Miva's message when parked). */
  outcomesOfTrueUp(trueUpId: string): Promise<TrueUpEventOutcome[]> {
    return this.dataSource.query(
      `SELECT event_id AS "eventId", status, last_error AS "lastError" FROM inventory_events
        WHERE true_up_id = $1`,
      [trueUpId],
    );
  }

  /** What these event ids of the store were recorded with (to tell a duplicate from a conflict). */
  async recorded(
    storeId: string,
    eventIds: readonly string[],
  ): Promise<Map<string, { identifier: string; delta: number }>> {
    if (eventIds.length === 0) {
      return new Map();
    }
    const rows: { event_id: string; identifier: string; delta: number }[] =
      await this.dataSource.query(
        `SELECT event_id, identifier, delta FROM inventory_events
          WHERE store_id = $1 AND event_id = ANY($2::text[])`,
        [storeId, eventIds],
      );
    return new Map(rows.map((r) => [r.event_id, { identifier: r.identifier, delta: r.delta }]));
  }

  /**
   * Newest first. The retry state of inventory lives per store (inventory_relay_state: the
   * backoff after a failed call) and per batch (check_after: when an in-doubt batch's marker is
   * read next), so a pending event's nextAttemptAt is read from those: waiting in the queue, the
   * store's next attempt (at once if none is due later); in an in-doubt batch, its next check;
   * in a batch being sent right now, null.
   */
  list(query: InventoryEventQuery, storeId?: string): Promise<InventoryEventRow[]> {
    return this.dataSource.query(
      `SELECT e.seq::text AS seq, e.store_id AS "storeId", e.event_id AS "eventId", e.identifier,
              e.delta, e.status, e.attempts, e.last_error AS "lastError",
              e.created_at AS "createdAt", e.sent_at AS "sentAt",
              CASE WHEN e.status <> 'pending' THEN NULL
                   WHEN e.batch_id IS NULL THEN GREATEST(e.created_at, r.next_attempt_at)
                   ELSE b.check_after END AS "nextAttemptAt"
         FROM inventory_events e
         LEFT JOIN inventory_relay_state r ON r.store_id = e.store_id AND e.status = 'pending'
         LEFT JOIN inventory_batches b ON b.id = e.batch_id AND e.status = 'pending'
                                      AND b.status = 'in_flight'
        WHERE ($1::uuid IS NULL OR e.store_id = $1)
          AND ($2::uuid[] IS NULL OR e.store_id = ANY($2::uuid[]))
          AND ($3::text IS NULL OR e.status = $3)
        ORDER BY e.seq DESC
        LIMIT $4`,
      [storeId ?? null, query.storeIds, query.status ?? null, query.limit],
    );
  }

  /**
   * Stores with events waiting, no batch in flight and no backoff running. The pending index
   * is walked one store at a time (a loose index scan), so a deep queue costs nothing here. A
   * store that is disabled or unauthorized holds its events: they stay pending, untaken (a
   * deleted store's are taken, and failed by the worker); so does a store whose every waiting
   * event is held back by a running true-up. One statement, so the stores held back do not use
   * up the limit: the relay state, batches, stores and true-ups are read as subqueries.
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
          AND EXISTS (SELECT 1 FROM inventory_events e
                       WHERE e.store_id = s.store_id AND e.status = 'pending'
                         AND e.batch_id IS NULL AND ${takeableEventSql('e')})
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.store_id);
  }

  /**
   * Events waiting (not yet in a batch) and parked ones; each count is served by a partial
   * index, so a scrape stays cheap however many events were ever sent.
   */
  async counts(): Promise<{ pending: number; failed: number }> {
    const rows: { pending: string; failed: string }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM inventory_events
                WHERE status = 'pending' AND batch_id IS NULL) AS pending,
              (SELECT count(*) FROM inventory_events WHERE status = 'failed') AS failed`,
    );
    const { pending, failed } = first(rows, 'the counts row');
    return { pending: Number(pending), failed: Number(failed) };
  }
}
