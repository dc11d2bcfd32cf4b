import { Column, Entity, PrimaryColumn } from 'typeorm';

export type TrueUpResult = 'in_sync' | 'applied' | 'drifted' | 'unknown' | 'untracked' | 'failed';

/** One level of a true-up and, once known, what Miva had and what was done about it. */
@Entity({ name: 'inventory_true_up_items' })
export class TrueUpItemEntity {
  @PrimaryColumn({ name: 'true_up_id', type: 'uuid' })
  trueUpId!: string;

  /** Position in the request (0-based); also names the item's inventory event. */
  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  identifier!: string;

  @Column({ type: 'integer' })
  available!: number;

  @Column({ type: 'integer', nullable: true })
  reserved!: number | null;

  @Column({ type: 'integer', nullable: true })
  target!: number | null;

  @Column({ type: 'integer', nullable: true })
  miva!: number | null;

  @Column({ type: 'integer', nullable: true })
  delta!: number | null;

  /** Null until decided (an item to apply stays null until the relay has delivered it). */
  @Column({ type: 'text', nullable: true })
  result!: TrueUpResult | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;
}
