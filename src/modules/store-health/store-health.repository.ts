import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { FailingFigures, RelayFigures, RelayKind } from './store-health-rules';

/** The latest download run of a store (remaps are not downloads and are left out). */
export interface LastRun {
  id: string;
  trigger: string;
  status: string;
  finishedAt: Date | null;
  error: string | null;
}

/** A store with the figures that decide whether it is failing. */
export interface StoreRunFigures extends FailingFigures {
  storeId: string;
  name: string;
  lastRun: LastRun | null;
}

/** The store's orders, relay work and exceptions. */
export interface StoreWorkFigures {
  storeId: string;
  orders: { stored: number; unacknowledged: number; oldestUnacknowledgedAt: Date | null };
  relay: Record<RelayKind, RelayFigures>;
  openExceptions: number;
}

interface RunRow {
  store_id: string;
  name: string;
  status: string;
  status_message: string | null;
  enabled: boolean;
  poll_interval_seconds: number;
  created_at: Date;
  run_id: string | null;
  run_trigger: string | null;
  run_status: string | null;
  run_finished_at: Date | null;
  run_error: string | null;
  last_success_at: Date | null;
  failed_in_a_row: number;
}

type RelayColumns = `${'sh' | 'cx' | 'bo' | 'inv'}_${'pending' | 'failed' | 'oldest'}`;

type WorkRow = { store_id: string } & Record<RelayColumns, number | Date | null> & {
    stored: number;
    unacknowledged: number;
    oldest_unacknowledged: Date | null;
    open_exceptions: number;
  };

// Download runs only: a remap reads no Miva and says nothing about the connection.
const DOWNLOAD_RUN = `r.trigger <> 'remap'`;

// One statement for any number of stores: each figure is an index-served subquery per store
// (sync_runs_store_started_idx), so the cost grows with the stores asked for, not the history.
const RUN_FIGURES = `
  SELECT s.id AS store_id, s.name, s.status, s.status_message, s.enabled,
         COALESCE((s.download ->> 'pollIntervalSeconds')::int, 900) AS poll_interval_seconds,
         s.created_at,
         lr.id AS run_id, lr.trigger AS run_trigger, lr.status AS run_status,
         lr.finished_at AS run_finished_at, lr.error AS run_error,
         ls.finished_at AS last_success_at,
         (SELECT count(*) FROM sync_runs r
           WHERE r.store_id = s.id AND r.status = 'failed' AND ${DOWNLOAD_RUN}
             AND (ls.started_at IS NULL OR r.started_at > ls.started_at))::int AS failed_in_a_row
    FROM stores s
    LEFT JOIN LATERAL (SELECT r.id, r.trigger, r.status, r.finished_at, r.error FROM sync_runs r
                        WHERE r.store_id = s.id AND ${DOWNLOAD_RUN}
                        ORDER BY r.started_at DESC, r.id DESC LIMIT 1) lr ON true
    LEFT JOIN LATERAL (SELECT r.started_at, r.finished_at FROM sync_runs r
                        WHERE r.store_id = s.id AND r.status = 'succeeded' AND ${DOWNLOAD_RUN}
                        ORDER BY r.started_at DESC LIMIT 1) ls ON true
   WHERE ($1::uuid[] IS NULL OR s.id = ANY($1::uuid[]))
   ORDER BY s.created_at, s.id`;

// Relay work counts only pending and failed rows, through the tables' partial status indexes
// (written as an OR so each arm can use its own partial index).
const WORK_FIGURES = `
  SELECT s.id AS store_id,
         o.stored, o.unacknowledged, o.oldest_unacknowledged,
         sh.pending AS sh_pending, sh.failed AS sh_failed, sh.oldest AS sh_oldest,
         oc.cx_pending, oc.cx_failed, oc.cx_oldest, oc.bo_pending, oc.bo_failed, oc.bo_oldest,
         inv.pending AS inv_pending, inv.failed AS inv_failed, inv.oldest AS inv_oldest,
         ex.open_exceptions
    FROM unnest($1::uuid[]) AS s(id)
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS stored,
             count(*) FILTER (WHERE offered AND (acknowledged_revision IS NULL
                                                 OR acknowledged_revision <> revision))::int
               AS unacknowledged,
             min(changed_at) FILTER (WHERE offered AND (acknowledged_revision IS NULL
                                                        OR acknowledged_revision <> revision))
               AS oldest_unacknowledged
        FROM orders WHERE store_id = s.id) o
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
             count(*) FILTER (WHERE status = 'failed')::int AS failed,
             min(created_at) FILTER (WHERE status = 'pending') AS oldest
        FROM shipments WHERE store_id = s.id AND (status = 'pending' OR status = 'failed')) sh
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE kind = 'cancellation' AND status = 'pending')::int AS cx_pending,
             count(*) FILTER (WHERE kind = 'cancellation' AND status = 'failed')::int AS cx_failed,
             min(created_at) FILTER (WHERE kind = 'cancellation' AND status = 'pending') AS cx_oldest,
             count(*) FILTER (WHERE kind = 'backorder' AND status = 'pending')::int AS bo_pending,
             count(*) FILTER (WHERE kind = 'backorder' AND status = 'failed')::int AS bo_failed,
             min(created_at) FILTER (WHERE kind = 'backorder' AND status = 'pending') AS bo_oldest
        FROM order_changes
       WHERE store_id = s.id AND (status = 'pending' OR status = 'failed')) oc
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
             count(*) FILTER (WHERE status = 'failed')::int AS failed,
             min(created_at) FILTER (WHERE status = 'pending') AS oldest
        FROM inventory_events WHERE store_id = s.id AND status IN ('pending', 'failed')) inv
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS open_exceptions FROM exceptions
       WHERE store_id = s.id AND status = 'open') ex`;

/**
 * The reads behind a store's health, on a connection or inside a transaction (the alerts read
 * them under their lock). Read-only: every table here has its own owner that writes it.
 */
export class StoreHealthReads {
  constructor(private readonly manager: EntityManager) {}

  /** Stores (null: every store) with their download-run figures. */
  async runFigures(storeIds: readonly string[] | null): Promise<StoreRunFigures[]> {
    const rows: RunRow[] = await this.manager.query(RUN_FIGURES, [storeIds]);
    return rows.map((r) => ({
      storeId: r.store_id,
      name: r.name,
      status: r.status,
      statusMessage: r.status_message,
      enabled: r.enabled,
      pollIntervalSeconds: r.poll_interval_seconds,
      connectedAt: r.created_at,
      lastSuccessfulSyncAt: r.last_success_at,
      consecutiveFailedRuns: r.failed_in_a_row,
      lastRunError: r.run_status === 'failed' ? r.run_error : null,
      lastRun:
        r.run_id === null
          ? null
          : {
              id: r.run_id,
              trigger: r.run_trigger ?? '',
              status: r.run_status ?? '',
              finishedAt: r.run_finished_at,
              error: r.run_error,
            },
    }));
  }

  async workFigures(storeIds: readonly string[]): Promise<StoreWorkFigures[]> {
    if (storeIds.length === 0) {
      return [];
    }
    const rows: WorkRow[] = await this.manager.query(WORK_FIGURES, [storeIds]);
    return rows.map((r) => ({
      storeId: r.store_id,
      orders: {
        stored: r.stored,
        unacknowledged: r.unacknowledged,
        oldestUnacknowledgedAt: r.oldest_unacknowledged,
      },
      relay: {
        shipments: relay(r, 'sh'),
        cancellations: relay(r, 'cx'),
        backorders: relay(r, 'bo'),
        inventory: relay(r, 'inv'),
      },
      openExceptions: r.open_exceptions,
    }));
  }
}

function relay(row: WorkRow, prefix: 'sh' | 'cx' | 'bo' | 'inv'): RelayFigures {
  return {
    pending: Number(row[`${prefix}_pending`] ?? 0),
    failed: Number(row[`${prefix}_failed`] ?? 0),
    oldestPendingAt: (row[`${prefix}_oldest`] as Date | null) ?? null,
  };
}

/** The health figures of stores, read in two statements whatever the number of stores. */
@Injectable()
export class StoreHealthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** On the pool, or on `manager` (a transaction that must not wait on a second connection). */
  reads(manager: EntityManager = this.dataSource.manager): StoreHealthReads {
    return new StoreHealthReads(manager);
  }
}
