// The REST API's shapes as the console reads them (docs/REST.md; the full schema is /docs-json).

export type StoreStatus = 'active' | 'unauthorized' | 'disabled';
export type DownloadStrategy =
  'queue_ack' | 'queue' | 'date_range' | 'last_updated' | 'order_number';

export interface DownloadSettings {
  strategy: DownloadStrategy;
  queueCode: string | null;
  pollIntervalSeconds: number;
  overlap: number;
  importStatuses: string[];
  startFrom: string | null;
  reconcileDays: number;
}

export interface Store {
  id: string;
  name: string;
  endpointUrl: string;
  storeCode: string;
  accessTokenLast4: string;
  signatureDigest: 'sha256' | 'sha1' | 'none';
  download: DownloadSettings;
  productIdentifier: 'sku' | 'code';
  kitMode: 'sku' | 'parts';
  currency: string;
  enabled: boolean;
  status: StoreStatus;
  statusMessage: string | null;
  webhookUrl: string;
  nextPollAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RelayCounts {
  pending: number;
  failed: number;
  oldestPendingAt: string | null;
}

export interface StoreHealth {
  state: 'ok' | 'warning' | 'failing';
  reasons: string[];
  status: StoreStatus;
  lastSuccessfulSyncAt: string | null;
  lastRun: {
    id: string;
    trigger: string;
    status: string;
    finishedAt: string | null;
    error: string | null;
  } | null;
  consecutiveFailedRuns: number;
  orders: { stored: number; unacknowledged: number; oldestUnacknowledgedAt: string | null };
  relay: Record<'shipments' | 'cancellations' | 'backorders' | 'inventory', RelayCounts>;
  openExceptions: number;
}

export interface SyncRun {
  id: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'succeeded' | 'failed';
  ordersSeen: number;
  ordersCreated: number;
  ordersUpdated: number;
  ordersAcknowledged: number;
  ordersFailed?: number;
  error: string | null;
}

export interface Address {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  email: string | null;
  phone: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
}

export interface OrderLine {
  lineId: string;
  kind: string;
  sourceLineId: number | null;
  parentLineId: string | null;
  status: string | null;
  couponCode: string | null;
  identifier: string | null;
  sku: string | null;
  productCode: string | null;
  name: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
  options?: { attribute: string; value: string; price: string }[];
}

export interface Payment {
  sourcePaymentId: number | null;
  gateway: string;
  processor: string;
  mivaModule: string | null;
  method: string;
  type: string;
  amount: string;
  transactionId: string | null;
  card: {
    brand: string | null;
    last4: string | null;
    expMonth: number | null;
    expYear: number | null;
  } | null;
  createdAt: string | null;
}

export interface Order {
  id: string;
  storeId: string;
  sourceOrderId: number;
  revision: number;
  acknowledged: boolean;
  changedAt: string;
  status: string;
  sourceStatus: number;
  placedAt: string;
  sourceUpdatedAt: string | null;
  currency: string;
  customer: {
    sourceId: number | null;
    login: string | null;
    email: string | null;
    phone: string | null;
  };
  billTo: Address;
  shipTo: Address;
  shippingMethod: { code: string | null; name: string | null } | null;
  lines: OrderLine[];
  charges: { type: string; sourceType: string; description: string; amount: string }[];
  payments: Payment[];
  notes: {
    sourceId: number | null;
    text: string;
    createdAt: string | null;
    author: string | null;
  }[];
  customFields: Record<string, unknown>;
  sourceCustomFields: Record<string, Record<string, unknown>>;
  customerComments: string | null;
  totals: {
    items: string;
    discounts: string;
    shipping: string;
    tax: string;
    other: string;
    total: string;
  };
  exceptions: { code: string; message: string }[];
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface ExceptionItem {
  id: string;
  storeId: string;
  kind: string;
  code: string;
  message: string;
  subject: { type: string; id: string | null; mivaOrderId?: number | null };
  status: 'open' | 'resolved' | 'dismissed';
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

export interface CustomFieldMapping {
  mivaField: string;
  omsField: string;
}

export interface PaymentMapping {
  mivaModule: string;
  gateway: string;
}

export interface DiscoveredField {
  mivaField: string;
  orders: number;
  lastSeenAt: string | null;
  example: string | null;
}

export interface DiscoveredPaymentModule {
  mivaModule: string;
  name: string | null;
  provider: string | null;
  payments: number;
  recognisedAs: string;
  mappedTo: string | null;
}

export interface RelayLine {
  lineId: string;
  quantity: number;
}

export interface Shipment {
  id: string;
  orderId?: string;
  shipmentRef: string;
  status: 'pending' | 'sent' | 'failed';
  mivaShipmentId: number | null;
  mivaShipmentCode: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  lines: RelayLine[];
  carrier: string;
  trackingNumber: string;
  createdAt?: string;
  sentAt?: string | null;
}

export interface OrderChange {
  id: string;
  cancellationRef?: string;
  backorderRef?: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  lines: RelayLine[];
  reason?: string | null;
  expectedAt?: string | null;
  createdAt?: string;
}

export interface ApiKey {
  id: string;
  name: string;
  scopes: string[];
  storeIds: string[] | null;
  createdAt: string;
}

export interface CreatedApiKey extends ApiKey {
  key: string;
}

export const SCOPES = [
  'orders:read',
  'orders:ack',
  'orders:write',
  'shipments:write',
  'inventory:write',
  'listings:write',
  'config:write',
] as const;

export const GATEWAYS = [
  'paypal_express',
  'amazon_pay',
  'braintree',
  'apple_pay',
  'authorize_net',
  'customer_credit',
  'chase_paymentech',
  'bolt',
  'square',
  'mod10',
  'cybersource',
  'generic',
] as const;

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'shipped',
  'partially_shipped',
  'cancelled',
  'backordered',
  'rma_issued',
  'returned',
  'other',
] as const;

export const EXCEPTION_KINDS = [
  'order',
  'shipment',
  'cancellation',
  'backorder',
  'inventory',
  'store',
] as const;
export const EXCEPTION_CODES = [
  'MAPPING_FAILED',
  'TOTAL_MISMATCH',
  'PAYMENT_NOT_DECRYPTED',
  'MIVA_REFUSED',
  'OUTCOME_UNKNOWN',
  'UNAUTHORIZED',
  'SYNC_FAILING',
] as const;
