import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { StockJobStatus } from './true-up.entity';

/** queued: behind another sync of the store; reading: Miva's values; writing: the differences. */
export type ListingSyncPhase = 'queued' | 'reading' | 'writing' | 'done';

/** A listing sync of one store: prices and active flags written where Miva differs. */
@Entity({ name: 'listing_syncs' })
@Index('listing_syncs_running_idx', ['storeId', 'createdAt'], { where: "status = 'running'" })
export class ListingSyncEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ type: 'text' })
  status!: StockJobStatus;

  @Column({ type: 'text' })
  phase!: ListingSyncPhase;

  @Column({ name: 'item_count', type: 'integer' })
  itemCount!: number;

  /** Failed Miva calls in a row (the sync fails after a few, saying what was written). */
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
