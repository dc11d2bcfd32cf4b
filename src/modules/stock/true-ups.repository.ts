import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LeasedJob, StockJobStatements } from './stock-job-statements';
import type { TrueUpItemEntity, TrueUpResult } from './true-up-item.entity';
import type { TrueUpEntity } from './true-up.entity';

export type TrueUpRow = Pick<
  TrueUpEntity,
  | 'id'
  | 'storeId'
  | 'apply'
  | 'status'
  | 'phase'
  | 'watermark'
  | 'error'
  | 'createdAt'
  | 'finishedAt'
>;

export type TrueUpItemRow = Omit<TrueUpItemEntity, 'trueUpId'>;

/** A true-up this worker holds, with what running it needs. */
export interface LeasedTrueUp extends LeasedJob {
  apply: boolean;
  watermark: string;
}

/** What the read of Miva decided for one item. */
export type ItemAssessment = Pick<
  TrueUpItemEntity,
  'position' | 'reserved' | 'target' | 'miva' | 'delta' | 'result' | 'message'
>;

const ITEM_COLUMNS = `position, identifier, available, reserved, target, miva, delta, result, message`;

/** Owner of inventory_true_ups and inventory_true_up_items. */
@Injectable()
export class TrueUpsRepository {
  readonly jobs: StockJobStatements;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.jobs = new StockJobStatements(dataSource, 'inventory_true_ups', 'delivering');
  }

  /** Records a true-up (queued) with its levels in one transaction; returns its id. */
  async create(
    storeId: string,
    apply: boolean,
    watermark: string,
    levels: readonly { identifier: string; available: number }[],
  ): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO inventory_true_ups (store_id, apply, status, phase, watermark, item_count)
         VALUES ($1, $2, 'running', 'queued', $3::bigint, $4) RETURNING id`,
        [storeId, apply, watermark, levels.length],
      );
      const id = rows[0]?.id;
      if (id === undefined) {
        throw new Error('the true-up was not recorded');
      }
      await manager.query(
        `INSERT INTO inventory_true_up_items (true_up_id, position, identifier, available)
         SELECT $1, x.position, x.identifier, x.available
           FROM jsonb_to_recordset($2::jsonb) AS x(position int, identifier text, available int)`,
        [id, JSON.stringify(levels.map((l, position) => ({ position, ...l })))],
      );
      return id;
    });
  }

  async find(id: string): Promise<TrueUpRow | null> {
    const rows: TrueUpRow[] = await this.dataSource.query(
      `SELECT id, store_id AS "storeId", apply, status, phase, watermark::text AS watermark, error,
              created_at AS "createdAt", finished_at AS "finishedAt"
         FROM inventory_true_ups WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  items(id: string): Promise<TrueUpItemRow[]> {
    return this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM inventory_true_up_items WHERE true_up_id = $1 ORDER BY position`,
      [id],
    );
  }

  /** Leases heads of stores' queues (see StockJobStatements.claimHeads) with their settings. */
  async claim(limit: number, leaseMs: number): Promise<LeasedTrueUp[]> {
    const jobs = await this.jobs.claimHeads(limit, leaseMs);
    if (jobs.length === 0) {
      return [];
    }
    const rows: { id: string; apply: boolean; watermark: string }[] = await this.dataSource.query(
      `SELECT id, apply, watermark::text AS watermark FROM inventory_true_ups WHERE id = ANY($1)`,
      [jobs.map((j) => j.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return jobs.flatMap((job) => {
      const row = byId.get(job.id);
      return row ? [{ ...job, apply: row.apply, watermark: row.watermark }] : [];
    });
  }

  /** Moves the true-up to its next phase (fenced by its lease). */
  setPhase(job: LeasedJob, phase: 'reading' | 'applying'): Promise<boolean> {
    return this.jobs.setPhase(this.dataSource.manager, job, phase);
  }

  /**
   * Records what Miva's stock says of every item and, in the same transaction, the next phase:
   * `applying` (deltas to apply; they are final from here on) or the end. Fenced by the lease.
   */
  async recordAssessment(
    job: LeasedJob,
    items: readonly ItemAssessment[],
    next: 'applying' | 'succeeded',
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const moved =
        next === 'applying'
          ? await this.jobs.setPhase(manager, job, 'applying')
          : await this.jobs.finish(manager, job, 'succeeded', null);
      if (!moved) {
        return false;
      }
      await manager.query(
        `UPDATE inventory_true_up_items i
            SET reserved = x.reserved, target = x.target, miva = x.miva, delta = x.delta,
                result = x.result, message = x.message
           FROM jsonb_to_recordset($2::jsonb)
                AS x(position int, reserved int, target int, miva int, delta int, result text,
                     message text)
          WHERE i.true_up_id = $1 AND i.position = x.position`,
        [job.id, JSON.stringify(items)],
      );
      return true;
    });
  }

  /** The items whose delta is to be applied (decided, result still open). */
  toApply(id: string): Promise<{ position: number; identifier: string; delta: number }[]> {
    return this.dataSource.query(
      `SELECT position, identifier, delta FROM inventory_true_up_items
        WHERE true_up_id = $1 AND result IS NULL AND delta IS NOT NULL AND delta <> 0
        ORDER BY position`,
      [id],
    );
  }

  /** Records the applied items' results and ends the true-up (succeeded). */
  async finishApplied(
    job: LeasedJob,
    results: readonly { position: number; result: TrueUpResult; message: string | null }[],
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.jobs.finish(manager, job, 'succeeded', null))) {
        return false;
      }
      await manager.query(
        `UPDATE inventory_true_up_items i SET result = x.result, message = x.message
           FROM jsonb_to_recordset($2::jsonb) AS x(position int, result text, message text)
          WHERE i.true_up_id = $1 AND i.position = x.position`,
        [job.id, JSON.stringify(results)],
      );
      return true;
    });
  }

  /**
   * Ends the true-up as failed: every undecided item is failed with the reason. Only before its
   * deltas are queued (nothing was applied then).
   */
  async fail(job: LeasedJob, reason: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.jobs.finish(manager, job, 'failed', reason))) {
        return false;
      }
      await manager.query(
        `UPDATE inventory_true_up_items SET result = 'failed', message = $2
          WHERE true_up_id = $1 AND result IS NULL`,
        [job.id, reason],
      );
      return true;
    });
  }
}
