import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { CustomFieldMapping, PaymentMapping } from '../../mappers/mapper-settings';
import { returnedRows } from '../../database/returned-rows';
import { DownloadCursor, DownloadStrategy, StoreEntity } from './store.entity';

export type NewStore = Omit<StoreEntity, 'id' | 'createdAt' | 'updatedAt'>;
export type StorePatch = Partial<Omit<StoreEntity, 'id' | 'createdAt' | 'updatedAt'>>;

/** Every query on `stores` (and the cascade of a store's own rows on delete). */
@Injectable()
export class StoresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(StoreEntity);
  }

  insert(store: NewStore): Promise<StoreEntity> {
    return this.repo.save(this.repo.create(store));
  }

  findById(id: string): Promise<StoreEntity | null> {
    // TypeORM drops an undefined condition and would answer the first store of all.
    if (typeof id !== 'string') {
      throw new TypeError(`findById: a store id is required, got ${String(id)}`);
    }
    return this.repo.findOneBy({ id });
  }

  /** All stores, or only those with the given ids (null = all). */
  list(ids: readonly string[] | null): Promise<StoreEntity[]> {
    return this.repo.find({
      where: ids === null ? {} : { id: In([...ids]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async update(id: string, patch: StorePatch): Promise<StoreEntity | null> {
    if (Object.keys(patch).length > 0) {
      await this.repo.update(id, patch);
    }
    return this.findById(id);
  }

  // The mappings module's configuration ------------------------------------------------------

  async setCustomFieldMappings(id: string, mappings: CustomFieldMapping[]): Promise<void> {
    await this.repo.update(id, { customFieldMappings: mappings });
  }

  async setPaymentMappings(id: string, mappings: PaymentMapping[]): Promise<void> {
    await this.repo.update(id, { paymentMappings: mappings });
  }

  /** Deletes the store with its downloaded orders (raw and mapped) and sync history. */
  delete(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(
        'SELECT id FROM stores WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (rows.length === 0) {
        return false;
      }
      await manager.query('DELETE FROM orders WHERE store_id = $1', [id]);
      await manager.query('DELETE FROM miva_orders WHERE store_id = $1', [id]);
      await manager.query('DELETE FROM sync_runs WHERE store_id = $1', [id]);
      await manager.query('DELETE FROM stores WHERE id = $1', [id]);
      return true;
    });
  }

  // The download engine's bookkeeping --------------------------------------------------------

  /** Stores due for a scheduled download: enabled, active, next_poll_at reached. */
  async dueStoreIds(limit: number): Promise<string[]> {
    const rows: Pick<StoreEntity, 'id'>[] = await this.dataSource.query(
      `SELECT id FROM stores
        WHERE enabled AND status = 'active' AND next_poll_at IS NOT NULL AND next_poll_at <= now()
        ORDER BY next_poll_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The store's next_poll_at as an exact token (text keeps microseconds a JS Date would drop),
   * read when a run starts and compared when it ends.
   */
  async pollMarker(id: string): Promise<string | null> {
    const rows: { marker: string | null }[] = await this.dataSource.query(
      'SELECT next_poll_at::text AS marker FROM stores WHERE id = $1',
      [id],
    );
    return rows[0]?.marker ?? null;
  }

  /**
   * Schedules the next download `seconds` from now, unless something (a webhook on another
   * instance, a PATCH) changed next_poll_at since the run read `marker`: that request wins.
   */
  async scheduleNextPoll(id: string, marker: string | null, seconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE stores SET next_poll_at = now() + make_interval(secs => $3)
        WHERE id = $1 AND enabled AND next_poll_at::text IS NOT DISTINCT FROM $2`,
      [id, marker, seconds],
    );
  }

  /** Asks whichever instance ticks next to download this store now. */
  async wake(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE stores SET next_poll_at = now() WHERE id = $1 AND enabled AND status = 'active'`,
      [id],
    );
  }

  /**
   * Claims up to `limit` stores whose daily reconciliation is due (enabled, active,
   * download.reconcileDays > 0, next_reconcile_at reached; a store never reconciled is due a day
   * after its creation) and moves their next_reconcile_at `seconds` ahead in the same statement.
   * Of several instances claiming at once exactly one gets a store: the others skip the rows it
   * has locked, or re-check them once it committed and find them no longer due.
   */
  async claimDueReconciles(limit: number, seconds: number): Promise<string[]> {
    const rows = returnedRows<Pick<StoreEntity, 'id'>>(
      await this.dataSource.query(
        `UPDATE stores SET next_reconcile_at = now() + make_interval(secs => $2)
        WHERE id IN (
          SELECT id FROM stores
           WHERE enabled AND status = 'active'
             AND COALESCE((download->>'reconcileDays')::int, 2) > 0
             AND COALESCE(next_reconcile_at, created_at + interval '1 day') <= now()
           ORDER BY COALESCE(next_reconcile_at, created_at + interval '1 day')
           LIMIT $1
             FOR UPDATE SKIP LOCKED)
        RETURNING id`,
        [limit, seconds],
      ),
    );
    return rows.map((r) => r.id);
  }

  /** The store's next daily reconciliation is due `seconds` from now (a retry, or at once). */
  async scheduleReconcile(id: string, seconds: number): Promise<void> {
    await this.dataSource.query(
      'UPDATE stores SET next_reconcile_at = now() + make_interval(secs => $2) WHERE id = $1',
      [id, seconds],
    );
  }

  /**
   * Moves the strategy cursor, unless the store's strategy or start changed since the run began
   * (a PATCH resets the cursor; an old run must not write its position back).
   */
  async saveCursor(
    id: string,
    expect: { strategy: DownloadStrategy; startFrom: string | null },
    cursor: DownloadCursor,
  ): Promise<boolean> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE stores SET download_cursor = $2::jsonb
        WHERE id = $1 AND download->>'strategy' = $3
          AND (download->>'startFrom') IS NOT DISTINCT FROM $4`,
      [id, JSON.stringify(cursor), expect.strategy, expect.startFrom],
    );
    return result[1] > 0;
  }

  /**
   * Miva refused the credentials this run used: the store pauses until they are patched. Only
   * when they are still the stored ones (a PATCH during the run wins).
   */
  async markUnauthorized(id: string, credentialsEnc: Buffer, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE stores SET status = 'unauthorized', status_message = $3, updated_at = now()
        WHERE id = $1 AND enabled AND credentials_enc = $2`,
      [id, credentialsEnc, message],
    );
  }

  /** A run with these credentials succeeded: an unauthorized store is active again. */
  async markAuthorized(id: string, credentialsEnc: Buffer): Promise<void> {
    await this.dataSource.query(
      `UPDATE stores SET status = 'active', status_message = NULL, updated_at = now()
        WHERE id = $1 AND enabled AND status = 'unauthorized' AND credentials_enc = $2`,
      [id, credentialsEnc],
    );
  }

  /** The sealed credentials of the oldest store, or null when there is no store. */
  async oldestCredentials(): Promise<Buffer | null> {
    const rows: Pick<StoreEntity, 'credentialsEnc'>[] = await this.dataSource.query(
      'SELECT credentials_enc AS "credentialsEnc" FROM stores ORDER BY created_at, id LIMIT 1',
    );
    return rows[0]?.credentialsEnc ?? null;
  }

  async exists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM stores WHERE id = $1', [id]);
    return rows.length > 0;
  }
}
