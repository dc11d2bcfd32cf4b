import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type InventoryEventStatus = 'pending' | 'sent' | 'failed';

/**
 * One inventory delta from the OMS (also the outbox job). `seq` orders events: batches take the
 * oldest pending events of a store first, so each product's deltas reach Miva in order.
 */
@Entity({ name: 'inventory_events' })
@Index('inventory_events_store_event_uq', ['storeId', 'eventId'], { unique: true })
@Index('inventory_events_pending_idx', ['storeId', 'seq'], {
  where: "status = 'pending' AND batch_id IS NULL",
})
@Index('inventory_events_list_idx', ['storeId', 'status', 'seq'])
@Index('inventory_events_failed_idx', ['seq'], { where: "status = 'failed'" })
@Index('inventory_events_batch_idx', ['batchId'])
@Index('inventory_events_true_up_idx', ['trueUpId'], { where: 'true_up_id IS NOT NULL' })
export class InventoryEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  /** SKU or product code, per the store's productIdentifier. */
  @Column({ type: 'text' })
  identifier!: string;

  @Column({ type: 'integer' })
  delta!: number;

  @Column({ type: 'text' })
  status!: InventoryEventStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The batch carrying the event while it is in flight (and the one that delivered it). */
  @Column({ name: 'batch_id', type: 'uuid', nullable: true })
  batchId!: string | null;

  /**
   * The true-up whose delta this is (src/modules/stock); null for the OMS's own deltas. A
   * running true-up holds later OMS deltas back until its own are queued; never its own.
   */
  @Column({ name: 'true_up_id', type: 'uuid', nullable: true })
  trueUpId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
