import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StoredVersion } from './reconcile-plan';

/**
 * What a reconciliation compares Miva's listing with: the stored raw orders' ids and dt_updated
 * (`miva_orders`, written only by OrdersWriteRepository). Primary-key lookups, never the JSON.
 */
@Injectable()
export class StoredVersionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The stored version of each of these Miva orders that is stored, by Miva id. */
  async of(storeId: string, mivaOrderIds: readonly number[]): Promise<Map<number, StoredVersion>> {
    if (mivaOrderIds.length === 0) {
      return new Map();
    }
    const rows: { id: number; dt: string | null }[] = await this.dataSource.query(
      `SELECT miva_order_id AS id, dt_updated AS dt FROM miva_orders
        WHERE store_id = $1 AND miva_order_id = ANY($2::int[])`,
      [storeId, mivaOrderIds],
    );
    return new Map(rows.map((r) => [r.id, { dtUpdated: r.dt === null ? null : Number(r.dt) }]));
  }
}
