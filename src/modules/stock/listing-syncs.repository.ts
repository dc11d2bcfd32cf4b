import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ListingResult, ListingSyncItemEntity } from './listing-sync-item.entity';
import type { ListingSyncEntity } from './listing-sync.entity';
import { LeasedJob, StockJobStatements } from './stock-job-statements';

export type ListingSyncRow = Pick<
  ListingSyncEntity,
  'id' | 'storeId' | 'status' | 'error' | 'createdAt' | 'finishedAt'
>;

export type ListingItemRow = Omit<ListingSyncItemEntity, 'syncId'>;

export interface NewListing {
  identifier: string;
  priceCents: number | null;
  active: boolean | null;
}

/** What the read of Miva decided for one listing. */
export type ListingAssessmentRow = Pick<
  ListingSyncItemEntity,
  'position' | 'oldPriceCents' | 'oldActive' | 'result' | 'message'
>;

export interface ListingOutcome {
  position: number;
  result: ListingResult;
  message: string | null;
}

const ITEM_COLUMNS = `position, identifier, price_cents AS "priceCents", active,
  old_price_cents AS "oldPriceCents", old_active AS "oldActive", result, message`;

/** Owner of listing_syncs and listing_sync_items. */
@Injectable()
export class ListingSyncsRepository {
  readonly jobs: StockJobStatements;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.jobs = new StockJobStatements(dataSource, 'listing_syncs', 'reading');
  }

  /** Records a sync (queued) with its listings in one transaction; returns its id. */
  async create(storeId: string, listings: readonly NewListing[]): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO listing_syncs (store_id, status, phase, item_count)
         VALUES ($1, 'running', 'queued', $2) RETURNING id`,
        [storeId, listings.length],
      );
      const id = rows[0]?.id;
      if (id === undefined) {
        throw new Error('the listing sync was not recorded');
      }
      await manager.query(
        `INSERT INTO listing_sync_items (sync_id, position, identifier, price_cents, active)
         SELECT $1, x.position, x.identifier, x.price_cents, x.active
           FROM jsonb_to_recordset($2::jsonb)
                AS x(position int, identifier text, price_cents int, active boolean)`,
        [
          id,
          JSON.stringify(
            listings.map((l, position) => ({
              position,
              identifier: l.identifier,
              price_cents: l.priceCents,
              active: l.active,
            })),
          ),
        ],
      );
      return id;
    });
  }

  async find(id: string): Promise<ListingSyncRow | null> {
    const rows: ListingSyncRow[] = await this.dataSource.query(
      `SELECT id, store_id AS "storeId", status, error, created_at AS "createdAt",
              finished_at AS "finishedAt"
         FROM listing_syncs WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  items(id: string): Promise<ListingItemRow[]> {
    return this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM listing_sync_items WHERE sync_id = $1 ORDER BY position`,
      [id],
    );
  }

  /** Leases heads of stores' queues (see StockJobStatements.claimHeads). */
  claim(limit: number, leaseMs: number): Promise<LeasedJob[]> {
    return this.jobs.claimHeads(limit, leaseMs);
  }

  /**
   * Records Miva's values for every listing and, in the same transaction, the next phase:
   * `writing` (listings that differ) or the end.
   */
  async recordAssessment(
    job: LeasedJob,
    items: readonly ListingAssessmentRow[],
    next: 'writing' | 'succeeded',
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const moved =
        next === 'writing'
          ? await this.jobs.setPhase(manager, job, 'writing')
          : await this.jobs.finish(manager, job, 'succeeded', null);
      if (!moved) {
        return false;
      }
      await manager.query(
        `UPDATE listing_sync_items i
            SET old_price_cents = x."oldPriceCents", old_active = x."oldActive",
                result = x.result, message = x.message
           FROM jsonb_to_recordset($2::jsonb)
                AS x(position int, "oldPriceCents" int, "oldActive" boolean, result text,
                     message text)
          WHERE i.sync_id = $1 AND i.position = x.position`,
        [job.id, JSON.stringify(items)],
      );
      return true;
    });
  }

  /** The listings still to write (Miva differs, no answer recorded yet). */
  toWrite(id: string): Promise<ListingItemRow[]> {
    return this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM listing_sync_items
        WHERE sync_id = $1 AND result IS NULL ORDER BY position`,
      [id],
    );
  }

  /** Records Miva's answers for written listings (fenced; the lease is renewed). */
  async recordOutcomes(job: LeasedJob, outcomes: readonly ListingOutcome[]): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(
        `SELECT 1 FROM listing_syncs WHERE id = $1 AND lease_token = $2 AND status = 'running'
          FOR UPDATE`,
        [job.id, job.leaseToken],
      );
      if (rows.length === 0) {
        return false;
      }
      await this.setResults(manager, job.id, outcomes);
      return true;
    });
  }

  /** Ends the sync: succeeded, or failed with `reason` given to every undecided listing. */
  async finish(job: LeasedJob, reason: string | null): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const status = reason === null ? 'succeeded' : 'failed';
      if (!(await this.jobs.finish(manager, job, status, reason))) {
        return false;
      }
      if (reason !== null) {
        await manager.query(
          `UPDATE listing_sync_items SET result = 'failed', message = $2
            WHERE sync_id = $1 AND result IS NULL`,
          [job.id, reason],
        );
      }
      return true;
    });
  }

  private async setResults(
    manager: DataSource['manager'],
    id: string,
    outcomes: readonly ListingOutcome[],
  ): Promise<void> {
    await manager.query(
      `UPDATE listing_sync_items i SET result = x.result, message = x.message
         FROM jsonb_to_recordset($2::jsonb) AS x(position int, result text, message text)
        WHERE i.sync_id = $1 AND i.position = x.position`,
      [id, JSON.stringify(outcomes)],
    );
  }
}
