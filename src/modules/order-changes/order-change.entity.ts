import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ORDER_CHANGE_KINDS = ['cancellation', 'backorder'] as const;
export type OrderChangeKind = (typeof ORDER_CHANGE_KINDS)[number];

export type OrderChangeStatus = 'pending' | 'sent' | 'failed';

/** One line of a cancellation or backorder: what the OMS asked for and which Miva line carries it. */
export interface OrderChangeLine {
  /** The OMS line id ("L301"). */
  lineId: string;
  /** The Miva line the OMS line maps to. */
  sourceLineId: number;
  quantity: number;
  /**
   * The Miva line that is cancelled or backordered: the source line itself, or the line split off
   * it for a part of its quantity. Recorded before the change is sent.
   */
  mivaLineId: number | null;
  /**
   * Set right before OrderItem_Split is called: the Miva line ids that existed then. If the
   * answer to the split is lost, the split line is the new line of that product and quantity.
   */
  splitKnownLineIds?: number[] | null;
}

/**
 * An OMS cancellation or backorder and its relay to Miva (the row is also the outbox job): split
 * a part of a line off, then OrderItemList_Cancel or OrderItemList_BackOrder. Each step is
 * recorded (in `lines`) before the next Miva call.
 */
@Entity({ name: 'order_changes' })
@Index('order_changes_order_kind_ref_uq', ['orderId', 'kind', 'ref'], { unique: true })
@Index('order_changes_pending_idx', ['orderId', 'createdAt'], { where: "status = 'pending'" })
@Index('order_changes_failed_idx', ['createdAt'], { where: "status = 'failed'" })
export class OrderChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ name: 'miva_order_id', type: 'integer' })
  mivaOrderId!: number;

  @Column({ type: 'text' })
  kind!: OrderChangeKind;

  /** The OMS's cancellationRef or backorderRef: unique per order and kind. */
  @Column({ type: 'text' })
  ref!: string;

  @Column({ type: 'jsonb' })
  lines!: OrderChangeLine[];

  /** A cancellation's reason (Miva stores it on each cancelled line). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** A backorder's expected in-stock date (Miva's Date_InStock). */
  @Column({ name: 'expected_at', type: 'timestamptz', nullable: true })
  expectedAt!: Date | null;

  @Column({ type: 'text' })
  status!: OrderChangeStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** A worker owns the row until then; a crashed worker's lease simply runs out. */
  @Column({ name: 'leased_until', type: 'timestamptz', nullable: true })
  leasedUntil!: Date | null;

  /** Fencing token of the current lease: every write of a worker checks it. */
  @Column({ name: 'lease_token', type: 'uuid', nullable: true })
  leaseToken!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
