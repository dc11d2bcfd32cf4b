import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { first } from '../../../common/must';
import { SyncRunEntity, SyncRunStatus, SyncTrigger } from '../sync-run.entity';

/** The counters of a run, as the contract's sync-runs show them. */
export interface SyncCounts {
  seen: number;
  created: number;
  updated: number;
  acknowledged: number;
  failed: number;
}

export const INTERRUPTED = 'interrupted';

/** A remap start: the run started, or the one already running (on any instance). */
export interface RemapStart {
  runId: string;
  started: boolean;
}

/** Every query on `sync_runs`. */
@Injectable()
export class SyncRunsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(SyncRunEntity);
  }

  async start(storeId: string, trigger: SyncTrigger): Promise<SyncRunEntity> {
    const rows: Pick<SyncRunEntity, 'id'>[] = await this.dataSource.query(
      `INSERT INTO sync_runs (store_id, trigger, status, started_at, heartbeat_at)
       VALUES ($1, $2, 'running', now(), now()) RETURNING id`,
      [storeId, trigger],
    );
    const run = await this.repo.findOneBy({ id: first(rows, 'the inserted sync run').id });
    if (!run) {
      throw new Error('sync run vanished right after insert');
    }
    return run;
  }

  /**
   * Marks the store's other `running` downloads as interrupted. Called while holding the store's
   * download lock: no other live download can exist, so any such row belongs to a dead process.
   * Remaps and reconciliations are not downloads and do not take that lock (see startRemap,
   * startReconcile).
   */
  async failInterrupted(storeId: string, exceptRunId?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = 'failed', error = $3, finished_at = now()
        WHERE store_id = $1 AND status = 'running' AND trigger NOT IN ('remap', 'reconcile')
          AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [storeId, exceptRunId ?? null, INTERRUPTED],
    );
  }

  /** Runs whose heartbeat stopped (their process died) become failed/interrupted. */
  async failStale(staleSeconds: number, liveRunIds: readonly string[]): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE sync_runs SET status = 'failed', error = $3, finished_at = now()
        WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
          AND NOT (id = ANY($2::uuid[]))`,
      [staleSeconds, liveRunIds, INTERRUPTED],
    );
    return result[1];
  }

  /** Refreshes the heartbeat; false when the run no longer exists. */
  async heartbeat(runId: string): Promise<boolean> {
    const result: [unknown[], number] = await this.dataSource.query(
      'UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1',
      [runId],
    );
    return result[1] > 0;
  }

  async progress(runId: string, counts: SyncCounts): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET orders_seen = $2, orders_created = $3, orders_updated = $4,
              orders_acknowledged = $5, orders_failed = $6, heartbeat_at = now()
        WHERE id = $1`,
      [runId, counts.seen, counts.created, counts.updated, counts.acknowledged, counts.failed],
    );
  }

  async finish(
    runId: string,
    status: Exclude<SyncRunStatus, 'running'>,
    counts: SyncCounts,
    error: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = $2, orders_seen = $3, orders_created = $4,
              orders_updated = $5, orders_acknowledged = $6, orders_failed = $7, error = $8,
              finished_at = now(), heartbeat_at = now()
        WHERE id = $1`,
      [
        runId,
        status,
        counts.seen,
        counts.created,
        counts.updated,
        counts.acknowledged,
        counts.failed,
        error,
      ],
    );
  }

  /** The store's running download whose heartbeat is recent (live on some instance), if any. */
  findLive(storeId: string, freshSeconds: number): Promise<SyncRunEntity | null> {
    return this.repo
      .createQueryBuilder('r')
      .where(
        "r.store_id = :storeId AND r.status = 'running' AND r.trigger NOT IN ('remap', 'reconcile')",
        { storeId },
      )
      .andWhere('r.heartbeat_at >= now() - make_interval(secs => :fresh)', { fresh: freshSeconds })
      .orderBy('r.started_at', 'DESC')
      .getOne();
  }

  findById(id: string): Promise<SyncRunEntity | null> {
    return this.repo.findOneBy({ id });
  }

  list(storeId: string, limit: number): Promise<SyncRunEntity[]> {
    return this.repo.find({
      where: { storeId },
      order: { startedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /**
   * How many of the store's latest finished downloads failed in a row (for the retry backoff); a
   * remap talks to no Miva, so its failures say nothing about the store's downloads.
   */
  async consecutiveFailures(storeId: string): Promise<number> {
    const rows: Pick<SyncRunEntity, 'status'>[] = await this.dataSource.query(
      `SELECT status FROM sync_runs WHERE store_id = $1 AND status <> 'running'
          AND trigger <> 'remap'
        ORDER BY started_at DESC LIMIT 12`,
      [storeId],
    );
    const firstSuccess = rows.findIndex((r) => r.status === 'succeeded');
    return firstSuccess === -1 ? rows.length : firstSuccess;
  }

  // Remap runs --------------------------------------------------------------------------------

  /**
   * Starts a remap run of the store, or answers the one running. One per store across instances:
   * the partial unique index `sync_runs_one_remap_idx` admits one running remap, so concurrent
   * starts (here or on another instance) all end up with the same run. A running remap whose
   * heartbeat is older than `staleSeconds` belonged to a dead process: it is marked interrupted
   * first, so it never blocks the next remap.
   */
  async startRemap(storeId: string, staleSeconds: number): Promise<RemapStart> {
    for (let attempt = 0; attempt < 20; attempt++) {
      await this.dataSource.query(
        `UPDATE sync_runs SET status = 'failed', error = $3, finished_at = now()
          WHERE store_id = $1 AND trigger = 'remap' AND status = 'running'
            AND heartbeat_at < now() - make_interval(secs => $2)`,
        [storeId, staleSeconds, INTERRUPTED],
      );
      const inserted: Pick<SyncRunEntity, 'id'>[] = await this.dataSource.query(
        `INSERT INTO sync_runs (store_id, trigger, status, started_at, heartbeat_at)
         VALUES ($1, 'remap', 'running', now(), now())
         ON CONFLICT (store_id) WHERE status = 'running' AND trigger = 'remap' DO NOTHING
         RETURNING id`,
        [storeId],
      );
      const started = inserted[0];
      if (started !== undefined) {
        return { runId: started.id, started: true };
      }
      const running: Pick<SyncRunEntity, 'id'>[] = await this.dataSource.query(
        `SELECT id FROM sync_runs WHERE store_id = $1 AND trigger = 'remap' AND status = 'running'`,
        [storeId],
      );
      const current = running[0];
      if (current !== undefined) {
        return { runId: current.id, started: false };
      }
      // The running remap ended between the two statements: try again.
    }
    throw new Error('could not start or find the remap run');
  }

  // Reconciliation runs ----------------------------------------------------------------------

  /**
   * Starts a reconciliation run of the store, or answers the one running: like startRemap, one
   * per store across instances through the partial unique index `sync_runs_one_reconcile_idx`,
   * and a running one whose heartbeat is older than `staleSeconds` is marked interrupted first.
   */
  async startReconcile(storeId: string, staleSeconds: number): Promise<RemapStart> {
    for (let attempt = 0; attempt < 20; attempt++) {
      await this.dataSource.query(
        `UPDATE sync_runs SET status = 'failed', error = $3, finished_at = now()
          WHERE store_id = $1 AND trigger = 'reconcile' AND status = 'running'
            AND heartbeat_at < now() - make_interval(secs => $2)`,
        [storeId, staleSeconds, INTERRUPTED],
      );
      const inserted: Pick<SyncRunEntity, 'id'>[] = await this.dataSource.query(
        `INSERT INTO sync_runs (store_id, trigger, status, started_at, heartbeat_at)
         VALUES ($1, 'reconcile', 'running', now(), now())
         ON CONFLICT (store_id) WHERE status = 'running' AND trigger = 'reconcile' DO NOTHING
         RETURNING id`,
        [storeId],
      );
      const started = inserted[0];
      if (started !== undefined) {
        return { runId: started.id, started: true };
      }
      const running: Pick<SyncRunEntity, 'id'>[] = await this.dataSource.query(
        `SELECT id FROM sync_runs
          WHERE store_id = $1 AND trigger = 'reconcile' AND status = 'running'`,
        [storeId],
      );
      const current = running[0];
      if (current !== undefined) {
        return { runId: current.id, started: false };
      }
      // The running reconciliation ended between the two statements: try again.
    }
    throw new Error('could not start or find the reconciliation run');
  }

  /**
   * Refreshes a remap's heartbeat; false when the run is no longer running (its store was
   * deleted, or another instance took it for dead), so the remap stops.
   */
  async heartbeatRunning(runId: string): Promise<boolean> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1 AND status = 'running'`,
      [runId],
    );
    return result[1] > 0;
  }
}
