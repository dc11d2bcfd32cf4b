import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One problem that needs a person: a subject (order, shipment, inventory event, store) and a code.
 * At most one row per subject and code is open or dismissed; the same problem again counts an
 * occurrence on it (see exception-rules.ts).
 */
@Entity({ name: 'exceptions' })
@Index('exceptions_subject_code_uq', ['storeId', 'subjectType', 'subjectKey', 'code'], {
  unique: true,
  where: `status <> 'resolved'`,
})
@Index('exceptions_list_idx', ['status', 'lastSeenAt', 'id'])
export class ExceptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: string;

  /** What identifies the subject: its id, or for an order its Miva order id (it may not map). */
  @Column({ name: 'subject_key', type: 'text' })
  subjectKey!: string;

  /** The subject's id here (an inventory event's is its number); null for an order that never mapped. */
  @Column({ name: 'subject_id', type: 'text', nullable: true })
  subjectId!: string | null;

  @Column({ name: 'miva_order_id', type: 'integer', nullable: true })
  mivaOrderId!: number | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'integer' })
  occurrences!: number;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
