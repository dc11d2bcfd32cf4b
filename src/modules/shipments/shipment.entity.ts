import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ShipmentStatus = 'pending' | 'sent' | 'failed';

/** One line of a shipment: what the OMS asked for and which Miva line carries it. */
export interface ShipmentLine {
  /** The OMS line id ("L301"). */
  lineId: string;
  /** The Miva line the OMS line maps to. */
  sourceLineId: number;
  quantity: number;
  /**
   * The Miva line that goes into the shipment: the source line itself, or the line split off it.
   * Recorded before the shipment is created, so a retry knows which lines to look for.
   */
  mivaLineId: number | null;
}

/**
 * An OMS shipment and its relay to Miva (the row is also the outbox job): split lines, create the
 * Miva shipment, then set tracking and mark it shipped. Each step is recorded before the next.
 */
@Entity({ name: 'shipments' })
@Index('shipments_order_ref_uq', ['orderId', 'shipmentRef'], { unique: true })
@Index('shipments_pending_idx', ['orderId', 'createdAt'], { where: "status = 'pending'" })
@Index('shipments_failed_idx', ['createdAt'], { where: "status = 'failed'" })
// GET /api/v1/shipments: newest first, across orders, for every store or a key's stores.
@Index('shipments_list_idx', ['createdAt', 'id'])
@Index('shipments_store_list_idx', ['storeId', 'createdAt', 'id'])
export class ShipmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ name: 'miva_order_id', type: 'integer' })
  mivaOrderId!: number;

  @Column({ name: 'shipment_ref', type: 'text' })
  shipmentRef!: string;

  @Column({ type: 'jsonb' })
  lines!: ShipmentLine[];

  @Column({ type: 'text', default: '' })
  carrier!: string;

  @Column({ name: 'tracking_number', type: 'text', default: '' })
  trackingNumber!: string;

  @Column({ name: 'cost_cents', type: 'integer', default: 0 })
  costCents!: number;

  @Column({ name: 'mark_shipped', type: 'boolean', default: true })
  markShipped!: boolean;

  @Column({ type: 'text' })
  status!: ShipmentStatus;

  @Column({ name: 'miva_shipment_id', type: 'integer', nullable: true })
  mivaShipmentId!: number | null;

  @Column({ name: 'miva_shipment_code', type: 'text', nullable: true })
  mivaShipmentCode!: string | null;

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
