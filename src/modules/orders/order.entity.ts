import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MappedOrder } from '../../mappers/oms-order.types';

/**
 * The normalized OMS order, one row per (store, Miva order), with its current revision.
 *
 * `changeSeq` is the feed position. It is assigned under a transaction-scoped advisory lock held
 * until commit (see OrdersWriteRepository.writeOrders), so positions become visible in increasing order and a
 * reader paging by it never skips a change that commits later.
 */
@Entity({ name: 'orders' })
@Index('orders_store_miva_uq', ['storeId', 'mivaOrderId'], { unique: true })
@Index('orders_feed_idx', ['changeSeq'], { where: 'offered' })
@Index('orders_store_feed_idx', ['storeId', 'changeSeq'], { where: 'offered' })
// The OMS's "new or changed for me" feed (acknowledged=false) stays one short index scan even when
// nearly everything is acknowledged.
@Index('orders_unacked_feed_idx', ['changeSeq'], {
  where: 'offered AND (acknowledged_revision IS NULL OR acknowledged_revision <> revision)',
})
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ name: 'miva_order_id', type: 'integer' })
  mivaOrderId!: number;

  @Column({ type: 'integer' })
  revision!: number;

  /** sha256 of the mapped content that defines a revision (see orderContentHash). */
  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash!: string;

  @Column({ type: 'json' })
  mapped!: MappedOrder;

  @Column({ type: 'text' })
  status!: string;

  /** Handed to the OMS: once true it stays true (the OMS must learn of a later cancellation). */
  @Column({ type: 'boolean' })
  offered!: boolean;

  @Column({ name: 'acknowledged_revision', type: 'integer', nullable: true })
  acknowledgedRevision!: number | null;

  @Column({ name: 'change_seq', type: 'bigint' })
  changeSeq!: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
