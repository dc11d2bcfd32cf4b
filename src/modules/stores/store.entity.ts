import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type {
  CustomFieldMapping,
  KitMode,
  PaymentMapping,
  ProductIdentifier,
} from '../../mappers/mapper-settings';

export type SignatureDigest = 'sha256' | 'sha1' | 'none';
export type DownloadStrategy =
  'queue_ack' | 'queue' | 'date_range' | 'last_updated' | 'order_number';
export type StoreStatus = 'active' | 'unauthorized' | 'disabled';

/** How a store's orders are downloaded (docs/REST.md §4, `download`). */
export interface DownloadSettings {
  strategy: DownloadStrategy;
  queueCode: string | null;
  pollIntervalSeconds: number;
  /** Order numbers for `order_number`, seconds for the date strategies. */
  overlap: number;
  importStatuses: string[];
  /** ISO timestamp: where the date and order-number strategies begin. */
  startFrom: string | null;
  /** Days of orders the daily reconciliation compares with Miva (0: no daily reconciliation). */
  reconcileDays: number;
}

/**
 * Where a strategy stands. Only ever moved after the orders it covers are committed.
 * Queue strategies keep nothing here: the queue itself is the cursor.
 */
export interface DownloadCursor {
  /** date_range / last_updated: unix seconds already covered up to (exclusive of overlap). */
  until?: number;
  /** order_number: highest Miva order id committed. */
  lastOrderId?: number;
  /**
   * date_range / last_updated: the window being downloaded, with the highest order id committed
   * in it, so an interrupted run resumes inside the window instead of starting it over.
   */
  window?: { from: number; to: number; afterId: number };
}

/** A Miva store connection. Credentials live only encrypted (AES-256-GCM under SECRET_KEY). */
@Entity({ name: 'stores' })
export class StoreEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'endpoint_url', type: 'text' })
  endpointUrl!: string;

  @Column({ name: 'store_code', type: 'text' })
  storeCode!: string;

  /** Encrypted JSON of StoreCredentials (see credential-vault.ts). */
  @Column({ name: 'credentials_enc', type: 'bytea' })
  credentialsEnc!: Buffer;

  @Column({ name: 'access_token_last4', type: 'text' })
  accessTokenLast4!: string;

  @Column({ name: 'signature_digest', type: 'text', default: 'sha256' })
  signatureDigest!: SignatureDigest;

  @Column({ type: 'jsonb' })
  download!: DownloadSettings;

  @Column({ name: 'download_cursor', type: 'jsonb', default: () => "'{}'" })
  downloadCursor!: DownloadCursor;

  @Column({ name: 'product_identifier', type: 'text', default: 'sku' })
  productIdentifier!: ProductIdentifier;

  @Column({ name: 'kit_mode', type: 'text', default: 'parts' })
  kitMode!: KitMode;

  @Column({ type: 'text', default: 'USD' })
  currency!: string;

  @Column({ name: 'custom_field_mappings', type: 'jsonb', default: () => "'[]'" })
  customFieldMappings!: CustomFieldMapping[];

  @Column({ name: 'payment_mappings', type: 'jsonb', default: () => "'[]'" })
  paymentMappings!: PaymentMapping[];

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** active / unauthorized (Miva refused the credentials; polling paused) / disabled. */
  @Column({ type: 'text', default: 'active' })
  status!: StoreStatus;

  @Column({ name: 'status_message', type: 'text', nullable: true })
  statusMessage!: string | null;

  /** sha256 of the webhook token; the token is shown at creation and on rotation only. */
  @Column({ name: 'webhook_token_hash', type: 'char', length: 64 })
  webhookTokenHash!: string;

  @Column({ name: 'next_poll_at', type: 'timestamptz', nullable: true })
  nextPollAt!: Date | null;

  /**
   * When the daily reconciliation is due (claimed by one instance, see StoresRepository
   * claimDueReconciles); null until the first one, a day after the store was created.
   */
  @Column({ name: 'next_reconcile_at', type: 'timestamptz', nullable: true })
  nextReconcileAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
