import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type SyncTrigger = 'schedule' | 'manual' | 'webhook' | 'remap' | 'reconcile';
export type SyncRunStatus = 'running' | 'succeeded' | 'failed';

/** One download run of one store (docs/REST.md §10, `sync-runs`). */
@Entity({ name: 'sync_runs' })
@Index('sync_runs_store_started_idx', ['storeId', 'startedAt'])
// Finding live and interrupted runs must not scan the whole history.
@Index('sync_runs_running_idx', ['storeId'], { where: "status = 'running'" })
// One remap per store at a time, across instances: a second start conflicts here
// (src/modules/orders/download/sync-runs.repository.ts, startRemap).
@Index('sync_runs_one_remap_idx', ['storeId'], {
  unique: true,
  where: "status = 'running' AND trigger = 'remap'",
})
// One reconciliation per store at a time, across instances, the same way (startReconcile).
@Index('sync_runs_one_reconcile_idx', ['storeId'], {
  unique: true,
  where: "status = 'running' AND trigger = 'reconcile'",
})
export class SyncRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ type: 'text' })
  trigger!: SyncTrigger;

  @Column({ type: 'text' })
  status!: SyncRunStatus;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Refreshed while running; a running run whose heartbeat went stale was interrupted. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz' })
  heartbeatAt!: Date;

  @Column({ name: 'orders_seen', type: 'integer', default: 0 })
  ordersSeen!: number;

  @Column({ name: 'orders_created', type: 'integer', default: 0 })
  ordersCreated!: number;

  @Column({ name: 'orders_updated', type: 'integer', default: 0 })
  ordersUpdated!: number;

  @Column({ name: 'orders_acknowledged', type: 'integer', default: 0 })
  ordersAcknowledged!: number;

  /** Stored raw but not mappable (recorded on the raw order; a remap retries them). */
  @Column({ name: 'orders_failed', type: 'integer', default: 0 })
  ordersFailed!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
