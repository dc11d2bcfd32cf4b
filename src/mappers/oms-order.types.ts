// The OMS order of docs/REST.md §5.4. Money is always a decimal string with two
// decimals ("12.50", "-3.00"); timestamps are UTC ISO-8601 strings.

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'shipped',
  'partially_shipped',
  'cancelled',
  'backordered',
  'rma_issued',
  'returned',
  // A Miva status code outside the documented set; sourceStatus keeps the code.
  'other',
] as const;
export type OmsOrderStatus = (typeof ORDER_STATUSES)[number];

export const LINE_STATUSES = [
  'pending',
  'picking',
  'shipped',
  'cancelled',
  'backordered',
  'rma_issued',
  'returned',
  'other',
] as const;
export type OmsLineStatus = (typeof LINE_STATUSES)[number];

export const LINE_KINDS = ['product', 'kit_component', 'discount', 'coupon'] as const;
export type OmsLineKind = (typeof LINE_KINDS)[number];

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
export type Gateway = (typeof GATEWAYS)[number];

export const PAYMENT_METHODS = [
  'card',
  'paypal',
  'amazon_pay',
  'apple_pay',
  'store_credit',
  'check',
  'other',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_TYPES = [
  'authorization',
  'capture',
  'sale',
  'refund',
  'void',
  'declined',
] as const;
export type PaymentType = (typeof PAYMENT_TYPES)[number];

export const CHARGE_TYPES = ['shipping', 'tax', 'handling', 'other'] as const;
export type OmsChargeType = (typeof CHARGE_TYPES)[number];

/** Money as a decimal string with exactly two decimals, e.g. "12.50" or "-3.00". */
export type Money = string;

export interface OmsCustomer {
  /** Miva customer id; null for a guest checkout. */
  sourceId: number | null;
  login: string | null;
  email: string | null;
  phone: string | null;
}

export interface OmsAddress {
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  phone: string;
  fax: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

export interface OmsShippingMethod {
  code: string;
  name: string;
}

export interface OmsLineOption {
  attribute: string;
  value: string;
  /** Per-unit option price after item-level discounts. */
  price: Money;
}

export interface OmsLine {
  /** Stable across re-mapping: "L<line_id>", "L<line_id>-P<n>", "C<charge_id>". */
  lineId: string;
  kind: OmsLineKind;
  /** Miva line id (a kit component carries its kit's line id); null for discount and coupon lines. */
  sourceLineId: number | null;
  parentLineId: string | null;
  status: OmsLineStatus | null;
  sourceStatus: number | null;
  couponCode: string | null;
  /** SKU or product code per the store's productIdentifier; null for discount and coupon lines. */
  identifier: string | null;
  sku: string | null;
  productCode: string | null;
  name: string;
  quantity: number;
  unitPrice: Money;
  originalUnitPrice: Money;
  lineTotal: Money;
  options: OmsLineOption[];
}

export interface OmsCharge {
  type: OmsChargeType;
  /** Miva's charge type as sent (SHIPPING, TAX, HANDLING, CUSTOM, ...). */
  sourceType: string;
  description: string;
  amount: Money;
}

export interface OmsCard {
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

export interface OmsPayment {
  sourcePaymentId: number;
  gateway: Gateway;
  /** The gateway that processed the payment; equals gateway except for Apple Pay. */
  processor: Gateway;
  /** Miva module code as sent; null when the payment came without its module (no payment_data). */
  mivaModule: string | null;
  method: PaymentMethod;
  type: PaymentType;
  /** Positive, as Miva records it; `type` says whether it is a refund. */
  amount: Money;
  transactionId: string | null;
  card: OmsCard | null;
  createdAt: string;
}

export interface OmsNote {
  sourceId: number;
  text: string;
  createdAt: string;
  author: string | null;
}

export interface OmsTotals {
  items: Money;
  discounts: Money;
  shipping: Money;
  tax: Money;
  other: Money;
  total: Money;
}

export const EXCEPTION_CODES = [
  'TOTAL_MISMATCH',
  'UNKNOWN_PAYMENT_TYPE',
  'PAYMENT_NOT_DECRYPTED',
] as const;
export type OmsExceptionCode = (typeof EXCEPTION_CODES)[number];

export interface OmsException {
  code: OmsExceptionCode;
  message: string;
}

export type OmsCustomFieldValue = string | number | boolean | null;

/** What the pure mapper produces from one Miva order. */
export interface MappedOrder {
  source: 'miva';
  sourceOrderId: number;
  status: OmsOrderStatus;
  sourceStatus: number;
  placedAt: string;
  /** Miva's dt_updated; not part of the content hash (it moves on every acknowledgement). */
  sourceUpdatedAt: string | null;
  currency: string;
  customer: OmsCustomer;
  billTo: OmsAddress;
  shipTo: OmsAddress;
  shippingMethod: OmsShippingMethod | null;
  lines: OmsLine[];
  charges: OmsCharge[];
  payments: OmsPayment[];
  notes: OmsNote[];
  /** Only the mapped custom fields, under their OMS names. */
  customFields: Record<string, OmsCustomFieldValue>;
  /** Everything Miva sent by module then field code, except the orderworkflow module. */
  sourceCustomFields: Record<string, Record<string, OmsCustomFieldValue>>;
  customerComments: string | null;
  totals: OmsTotals;
  exceptions: OmsException[];
}

/** The full order the OMS reads: the mapped order plus what the database layer adds. */
export interface OmsOrder extends MappedOrder {
  id: string;
  storeId: string;
  revision: number;
  acknowledged: boolean;
  changedAt: string;
}
