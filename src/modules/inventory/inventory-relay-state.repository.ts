import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { InventoryRelayStateEntity } from './inventory-relay-state.entity';

/** What the relay reads of a store's state (table inventory_relay_state). */
export type InventoryRelayState = Pick<
  InventoryRelayStateEntity,
  'consecutiveFailures' | 'markerSupported' | 'markerCheckedAt'
>;

/** The statements on inventory_relay_state, on a connection or inside a batch's transaction. */
export class InventoryRelayStateStatements {
  constructor(private readonly manager: EntityManager) {}

  async read(storeId: string): Promise<InventoryRelayState | null> {
    const rows: InventoryRelayState[] = await this.manager.query(
      `SELECT consecutive_failures AS "consecutiveFailures", marker_supported AS "markerSupported",
              marker_checked_at AS "markerCheckedAt"
         FROM inventory_relay_state WHERE store_id = $1`,
      [storeId],
    );
    return rows[0] ?? null;
  }

  /** A batch reached Miva: no backoff, and what Miva said of the marker field (null: unknown). */
  async recordSent(storeId: string, markerOk: boolean | null): Promise<void> {
    await this.manager.query(
      `INSERT INTO inventory_relay_state (store_id, next_attempt_at, consecutive_failures,
                                          last_error, marker_supported, marker_checked_at)
       VALUES ($1, now(), 0, NULL, $2, CASE WHEN $2::boolean IS NULL THEN NULL ELSE now() END)
       ON CONFLICT (store_id) DO UPDATE
         SET next_attempt_at = now(), consecutive_failures = 0, last_error = NULL,
             marker_supported = COALESCE($2, inventory_relay_state.marker_supported),
             marker_checked_at = CASE WHEN $2::boolean IS NULL
                                      THEN inventory_relay_state.marker_checked_at
                                      ELSE now() END`,
      [storeId, markerOk],
    );
  }

  /** The store waits `delayMs` before its next call. */
  async backoff(storeId: string, error: string, delayMs: number, failures: number): Promise<void> {
    await this.manager.query(
      `INSERT INTO inventory_relay_state (store_id, next_attempt_at, consecutive_failures, last_error)
       VALUES ($1, now() + $2 * interval '1 millisecond', $3, $4)
       ON CONFLICT (store_id) DO UPDATE
         SET next_attempt_at = EXCLUDED.next_attempt_at,
             consecutive_failures = EXCLUDED.consecutive_failures,
             last_error = EXCLUDED.last_error`,
      [storeId, delayMs, failures, error],
    );
  }
}

/** Owner of inventory_relay_state: per store, the relay's backoff and marker support. */
@Injectable()
export class InventoryRelayStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  read(storeId: string): Promise<InventoryRelayState | null> {
    return new InventoryRelayStateStatements(this.dataSource.manager).read(storeId);
  }
}
