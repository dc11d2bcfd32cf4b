import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per-store relay state: backoff after transient Miva faults, and marker support. */
@Entity({ name: 'inventory_relay_state' })
export class InventoryRelayStateEntity {
  @PrimaryColumn({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** False once Miva refused the marker field; re-tried after a while (null: not known yet). */
  @Column({ name: 'marker_supported', type: 'boolean', nullable: true })
  markerSupported!: boolean | null;

  @Column({ name: 'marker_checked_at', type: 'timestamptz', nullable: true })
  markerCheckedAt!: Date | null;
}
