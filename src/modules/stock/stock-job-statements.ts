import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../../database/returned-rows';

/** A true-up or listing sync this process holds (the lease token fences every later write). */
export interface LeasedJob {
  id: string;
  storeId: string;
  leaseToken: string;
  phase: string;
  attempts: number;
}

/**
 * The statements a background stock job table shares (inventory_true_ups, listing_syncs; each
 * repository owns its table and builds these over it). Per store one job runs at a time: only
 * the oldest unfinished job of a store (its head) can be claimed, with a lease that a live worker
 * renews; a dead worker's job is taken over once its lease has run out, and resumed where its
 * recorded phase says.
 */
export class StockJobStatements {
  constructor(
    private readonly dataSource: DataSource,
    private readonly table: 'inventory_true_ups' | 'listing_syncs',
    /** The phase a job leaves `queued` for when it is first claimed. */
    private readonly firstPhase: string,
  ) {}

  /**
   * Leases up to `limit` heads whose retry is due, of stores that are enabled and not refused
   * (or no longer exist: the worker fails those). SKIP LOCKED: instances never take the same.
   */
  async claimHeads(limit: number, leaseMs: number): Promise<LeasedJob[]> {
    return returnedRows<LeasedJob>(
      await this.dataSource.query(
        `UPDATE ${this.table} j
            SET lease_token = gen_random_uuid(),
                leased_until = now() + $2 * interval '1 millisecond',
                phase = CASE WHEN j.phase = 'queued' THEN $3 ELSE j.phase END
          WHERE j.id IN (
            SELECT h.id FROM ${this.table} h
             WHERE h.status = 'running'
               AND (h.leased_until IS NULL OR h.leased_until < now())
               AND (h.next_attempt_at IS NULL OR h.next_attempt_at <= now())
               AND NOT EXISTS (SELECT 1 FROM ${this.table} p
                                WHERE p.store_id = h.store_id AND p.status = 'running'
                                  AND (p.created_at, p.id) < (h.created_at, h.id))
               AND NOT EXISTS (SELECT 1 FROM stores st WHERE st.id = h.store_id
                                AND NOT (st.enabled AND st.status = 'active'))
             ORDER BY h.created_at
             LIMIT $1
             FOR UPDATE SKIP LOCKED)
          RETURNING j.id, j.store_id AS "storeId", j.lease_token AS "leaseToken", j.phase,
                    j.attempts`,
        [limit, leaseMs, this.firstPhase],
      ),
    );
  }

  /** Extends the lease; false when it was lost (another instance took the job over). */
  async renew(job: LeasedJob, leaseMs: number): Promise<boolean> {
    return this.fenced(
      this.dataSource.manager,
      job,
      `leased_until = now() + $3 * interval '1 millisecond'`,
      [leaseMs],
    );
  }

  /**
   * Lets the job go: claimable again after `delayMs`. `failure`: counted toward giving up
   * (attempts) and recorded in `error`; null (shutdown, a store on hold) counts nothing.
   */
  async release(job: LeasedJob, delayMs: number, failure: string | null): Promise<boolean> {
    return this.fenced(
      this.dataSource.manager,
      job,
      `lease_token = NULL, leased_until = NULL,
       next_attempt_at = now() + $3 * interval '1 millisecond',
       attempts = attempts + CASE WHEN $4::text IS NULL THEN 0 ELSE 1 END,
       error = COALESCE($4::text, error)`,
      [delayMs, failure],
    );
  }

  /** Moves the job to `phase` (the failures counted so far are forgotten). */
  setPhase(manager: EntityManager, job: LeasedJob, phase: string): Promise<boolean> {
    return this.fenced(manager, job, `phase = $3, attempts = 0, error = NULL`, [phase]);
  }

  /** Ends the job (succeeded, or failed with `error`). */
  finish(
    manager: EntityManager,
    job: LeasedJob,
    status: 'succeeded' | 'failed',
    error: string | null,
  ): Promise<boolean> {
    return this.fenced(
      manager,
      job,
      `status = $3, phase = 'done', error = $4, finished_at = now(),
       lease_token = NULL, leased_until = NULL`,
      [status, error],
    );
  }

  private async fenced(
    manager: EntityManager,
    job: LeasedJob,
    set: string,
    params: unknown[],
  ): Promise<boolean> {
    const rows = returnedRows<unknown>(
      await manager.query(
        `UPDATE ${this.table} SET ${set}
          WHERE id = $1 AND lease_token = $2 AND status = 'running'
          RETURNING id`,
        [job.id, job.leaseToken, ...params],
      ),
    );
    return rows.length > 0;
  }
}
