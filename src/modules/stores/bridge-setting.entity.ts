import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Named values the service keeps about the database itself (not about one store). Today one row:
 * the check value of the SECRET_KEY that store credentials are sealed with (see secret-key-check.ts).
 */
@Entity({ name: 'bridge_settings' })
export class BridgeSettingEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  value!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
