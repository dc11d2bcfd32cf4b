import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AlertEvent, EventThrottle } from './alert-rules';

/**
 * Per store, what the alerts know (docs/OPERATIONS.md §10, "Alerts to a webhook"): whether the store was failing
 * when last observed, and per event when its last alert went out and what is still untold. In the
 * database, not in memory, so that every instance throttles the same way; the row is locked while
 * an instance decides.
 */
@Entity({ name: 'store_alerts' })
export class StoreAlertEntity {
  @PrimaryColumn({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ type: 'boolean', default: false })
  failing!: boolean;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  events!: Partial<Record<AlertEvent, EventThrottle>>;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
