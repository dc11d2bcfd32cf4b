import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ListingResult = 'updated' | 'unchanged' | 'unknown' | 'failed';

/** One listing of a sync: the values asked for and, once read, the ones Miva had. */
@Entity({ name: 'listing_sync_items' })
export class ListingSyncItemEntity {
  @PrimaryColumn({ name: 'sync_id', type: 'uuid' })
  syncId!: string;

  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  identifier!: string;

  /** The price asked for, in cents (null: not to be set). */
  @Column({ name: 'price_cents', type: 'integer', nullable: true })
  priceCents!: number | null;

  @Column({ type: 'boolean', nullable: true })
  active!: boolean | null;

  /** Miva's values when read (kept once written, so the report shows old and new). */
  @Column({ name: 'old_price_cents', type: 'integer', nullable: true })
  oldPriceCents!: number | null;

  @Column({ name: 'old_active', type: 'boolean', nullable: true })
  oldActive!: boolean | null;

  /** Null until decided (a listing to write stays null until Miva has answered). */
  @Column({ type: 'text', nullable: true })
  result!: ListingResult | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;
}
