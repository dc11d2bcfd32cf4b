import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MivaOrder } from '../../miva-model/miva.models';

/** The raw Miva order exactly as last downloaded: the source of truth for remapping. */
@Entity({ name: 'miva_orders' })
export class MivaOrderEntity {
  @PrimaryColumn({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @PrimaryColumn({ name: 'miva_order_id', type: 'integer' })
  mivaOrderId!: number;

  /** `json`, not `jsonb`: kept as the exact text Miva sent, and far cheaper to write. */
  @Column({ type: 'json' })
  raw!: MivaOrder;

  /** Miva's dt_updated (unix seconds), when the store sends it. */
  @Column({ name: 'dt_updated', type: 'bigint', nullable: true })
  dtUpdated!: string | null;

  /** Why the last mapping of this order failed; null when it mapped. Remap retries these. */
  @Column({ name: 'mapping_error', type: 'text', nullable: true })
  mappingError!: string | null;

  @Column({ name: 'downloaded_at', type: 'timestamptz' })
  downloadedAt!: Date;
}
