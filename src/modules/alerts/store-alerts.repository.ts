import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StoreAlertState } from './alert-rules';
import type { StoreAlertEntity } from './store-alert.entity';

type StateRow = Pick<StoreAlertEntity, 'failing' | 'events'>;

/** What a decision under the store's lock saves, and what it hands back to the caller. */
export interface LockedDecision<T> {
  state: StoreAlertState;
  result: T;
}

/** Owner of store_alerts. */
@Injectable()
export class StoreAlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `decide` with the store's alert state locked (the row is created on first use) and saves
   * the state it returns, in one transaction: instances deciding for the same store take turns,
   * each seeing what the one before saved. `decide` must read only through `manager`. Null when
   * the store does not exist (any more).
   */
  async decide<T>(
    storeId: string,
    decide: (
      state: StoreAlertState,
      store: { name: string },
      manager: EntityManager,
    ) => Promise<LockedDecision<T>>,
  ): Promise<T | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO store_alerts (store_id)
         SELECT id FROM stores WHERE id = $1
         ON CONFLICT (store_id) DO NOTHING`,
        [storeId],
      );
      const rows: (StateRow & { name: string })[] = await manager.query(
        `SELECT a.failing, a.events, s.name
           FROM store_alerts a JOIN stores s ON s.id = a.store_id
          WHERE a.store_id = $1
            FOR UPDATE OF a`,
        [storeId],
      );
      const row = rows[0];
      if (row === undefined) {
        return null;
      }
      const { state, result } = await decide(
        { failing: row.failing, events: row.events },
        { name: row.name },
        manager,
      );
      await manager.query(
        `UPDATE store_alerts SET failing = $2, events = $3::jsonb, updated_at = now()
          WHERE store_id = $1`,
        [storeId, state.failing, JSON.stringify(state.events)],
      );
      return result;
    });
  }

  /** Every store's alert state (for the sweep, which then locks only the stores it acts on). */
  async all(): Promise<Map<string, StoreAlertState>> {
    const rows: (StateRow & { store_id: string })[] = await this.dataSource.query(
      'SELECT store_id, failing, events FROM store_alerts',
    );
    return new Map(rows.map((r) => [r.store_id, { failing: r.failing, events: r.events }]));
  }
}
