import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * in_flight: written before the Miva call, cleared after; at most one per store.
 * sent / rejected (Miva refused it, nothing applied) / aborted (certainly never reached Miva) /
 * uncertain (interrupted with no way to read the outcome: surfaced for a true-up, never re-sent).
 */
export type InventoryBatchStatus = 'in_flight' | 'sent' | 'rejected' | 'aborted' | 'uncertain';

export interface InventoryBatchAdjustment {
  identifier: string;
  delta: number;
}

/** Where a batch left its marker (a product custom field holding the batch id). */
export interface InventoryBatchMarker {
  identifier: string;
  field: string;
}

/** One ProductList_Adjust_Inventory call for one store: the coalesced deltas of its events. */
@Entity({ name: 'inventory_batches' })
@Index('inventory_batches_in_flight_uq', ['storeId'], {
  unique: true,
  where: "status = 'in_flight'",
})
@Index('inventory_batches_store_idx', ['storeId', 'createdAt'])
@Index('inventory_batches_finished_idx', ['finishedAt'], { where: "status IN ('sent', 'aborted')" })
export class InventoryBatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ type: 'text' })
  status!: InventoryBatchStatus;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  adjustments!: InventoryBatchAdjustment[];

  @Column({ name: 'event_count', type: 'integer', default: 0 })
  eventCount!: number;

  /** Null when the batch was sent without a marker (the store has no usable marker field). */
  @Column({ type: 'jsonb', nullable: true })
  marker!: InventoryBatchMarker | null;

  /** Whether Miva accepted the marker update (null: not known). */
  @Column({ name: 'marker_ok', type: 'boolean', nullable: true })
  markerOk!: boolean | null;

  @Column({ name: 'leased_until', type: 'timestamptz' })
  leasedUntil!: Date;

  @Column({ name: 'lease_token', type: 'uuid' })
  leaseToken!: string;

  /** Set once the outcome is in doubt (timeout, crash): when to read the marker next. */
  @Column({ name: 'check_after', type: 'timestamptz', nullable: true })
  checkAfter!: Date | null;

  @Column({ name: 'check_attempts', type: 'integer', default: 0 })
  checkAttempts!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
