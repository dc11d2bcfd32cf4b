import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type StockJobStatus = 'running' | 'succeeded' | 'failed';

/**
 * queued: behind another true-up of the store; delivering: the store's earlier deltas are going
 * to Miva; reading: Miva's stock is read and the deltas computed; applying: the deltas ride the
 * inventory relay (as events of this true-up); done.
 */
export type TrueUpPhase = 'queued' | 'delivering' | 'reading' | 'applying' | 'done';

/** A true-up (or drift report) of one store: absolute OMS levels moved into Miva by difference. */
@Entity({ name: 'inventory_true_ups' })
// The store's unfinished true-ups in order: the head runs, the rest hold later deltas back.
@Index('inventory_true_ups_running_idx', ['storeId', 'createdAt'], {
  where: "status = 'running'",
})
export class TrueUpEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ type: 'boolean' })
  apply!: boolean;

  @Column({ type: 'text' })
  status!: StockJobStatus;

  @Column({ type: 'text' })
  phase!: TrueUpPhase;

  /**
   * The last inventory event accepted before this true-up: events up to it reach Miva before
   * its stock is read; later ones wait until the true-up's own deltas are queued.
   */
  @Column({ type: 'bigint' })
  watermark!: string;

  @Column({ name: 'item_count', type: 'integer' })
  itemCount!: number;

  /** Failed reads of Miva in a row (the true-up fails after a few; nothing was applied then). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'lease_token', type: 'uuid', nullable: true })
  leaseToken!: string | null;

  @Column({ name: 'leased_until', type: 'timestamptz', nullable: true })
  leasedUntil!: Date | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
