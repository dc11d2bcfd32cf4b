// Typed models of the objects Miva's JSON API (json.mvc) returns, after docs/MIVA.md §5-§7
// (the v26 server output). Optional members are the on-demand columns: they are absent unless asked
// for, so every consumer must treat them as possibly missing.

/** Miva order status codes (docs/MIVA.md §6.2). */
export const MivaOrderStatus = {
  Pending: 0,
  Processing: 100,
  Shipped: 200,
  PartiallyShipped: 201,
  Cancelled: 300,
  Backordered: 400,
  RmaIssued: 500,
  Returned: 600,
} as const;

/** Miva order item status codes (docs/MIVA.md §6.2). */
export const MivaItemStatus = {
  Pending: 0,
  Picking: 100,
  Shipped: 200,
  GiftCertNotRedeemed: 210,
  GiftCertRedeemed: 211,
  DigitalNotDownloaded: 220,
  DigitalDownloaded: 221,
  Cancelled: 300,
  Backordered: 400,
  RmaIssued: 500,
  Returned: 600,
  Adjustment: 999,
} as const;

/** Miva payment types (docs/MIVA.md §6.2). */
export const MivaPaymentType = {
  Declined: 0,
  LegacyAuth: 1,
  LegacyCapture: 2,
  Auth: 3,
  Capture: 4,
  AuthCapture: 5,
  Refund: 6,
  Void: 7,
} as const;

/** Custom field values by module code, then field code: `{"customfields":{"gift_msg":"Hi"}}`. */
export type MivaCustomFieldValues = Record<string, Record<string, string | number>>;

export interface MivaItemDiscount {
  order_id: number;
  line_id: number;
  pgrp_id: number;
  display: boolean;
  descrip: string;
  discount: number;
}

export interface MivaItemOption {
  id: number;
  order_id: number;
  line_id: number;
  attr_id: number;
  attr_code: string;
  attmpat_id: number;
  option_id: number;
  opt_code: string;
  retail: number;
  base_price: number;
  price: number;
  weight: number;
  formatted_weight?: string;
  data: string;
  data_long: string;
  attr_prompt: string;
  opt_prompt: string;
  attribute: string;
  value: string;
  discounts?: MivaItemDiscount[];
}

export interface MivaItemPart {
  code: string;
  sku: string;
  name: string;
  quantity: number;
  total_quantity: number;
  price: number;
  cost: number;
  weight: number;
  formatted_weight?: string;
}

export interface MivaShipment {
  id: number;
  code: string;
  batch_id: number;
  order_id: number;
  status: number;
  labelcount: number;
  ship_date: number;
  tracknum: string;
  tracktype: string;
  tracklink: string;
  weight: number;
  formatted_weight?: string;
  cost: number;
  formatted_cost: string;
}

export interface MivaOrderItem {
  order_id: number;
  line_id: number;
  group_id: number;
  parent_id: number;
  status: number;
  subscrp_id: number;
  subterm_id: number;
  shpmnt_id: number;
  rma_id: number;
  product_id: number;
  rma_code?: string;
  rma_dt_issued?: number;
  rma_dt_recvd?: number;
  dt_instock: number;
  code: string;
  name: string;
  sku: string;
  type: string;
  retail: number;
  base_price: number;
  price: number;
  total: number;
  formatted_total: string;
  weight: number;
  formatted_weight: string;
  taxable: boolean;
  tax: number;
  formatted_tax: string;
  upsold: boolean;
  quantity: number;
  shipment?: MivaShipment;
  discounts?: MivaItemDiscount[];
  options?: MivaItemOption[];
  parts?: MivaItemPart[];
}

export interface MivaCharge {
  order_id: number;
  charge_id: number;
  module_id: number;
  /** SHIPPING, TAX, DISCOUNT (negative amount), HANDLING, CUSTOM or free-form such as API. */
  type: string;
  descrip: string;
  amount: number;
  formatted_amount: string;
  disp_amt: number;
  formatted_disp_amt: string;
  tax_exempt: boolean;
  tax: number;
  formatted_tax: string;
}

export interface MivaCoupon {
  order_id: number;
  coupon_id: number;
  code: string;
  descrip: string;
  total: number;
}

export interface MivaOrderDiscount {
  order_id: number;
  pgrp_id: number;
  name: string;
  descrip: string;
  total: number;
}

export interface MivaModule {
  id: number;
  code: string;
  name: string;
  provider: string;
  api_ver: string;
  version: string;
  module: string;
  refcount: number;
  active: boolean;
  priority: number;
}

export interface MivaPayment {
  id: number;
  order_id: number;
  /** 0 declined, 1 legacy auth, 2 legacy capture, 3 auth, 4 capture, 5 auth+capture, 6 refund, 7 void. */
  type: number;
  refnum: string;
  amount: number;
  formatted_amount: string;
  available: number;
  formatted_available: string;
  dtstamp: number;
  expires: number;
  pay_id: number;
  pay_secid: number;
  currency?: string;
  environ?: string;
  level?: string;
  cardbrand?: string;
  // Only with the `payment_data` on-demand column:
  decrypt_status?: 'not_encrypted' | 'decrypted' | 'not_decrypted';
  decrypt_error?: string;
  description?: string;
  module?: MivaModule;
  data?: Record<string, string>;
}

export interface MivaNote {
  id: number;
  cust_id: number;
  account_id: number;
  order_id: number;
  user_id: number;
  notetext: string;
  dtstamp: number;
  cust_login?: string;
  business_title?: string;
  admin_user?: string;
}

export interface MivaReturn {
  id: number;
  order_id: number;
  code: string;
  status: number;
  dt_issued: number;
  dt_recvd: number;
}

export interface MivaCustomer {
  id: number;
  account_id: number;
  login: string;
  pw_email: string;
  ship_id?: number;
  bill_id?: number;
  tax_exempt?: boolean;
  order_cnt?: number;
  dt_created?: number;
  dt_updated?: number;
  credit?: number;
  formatted_credit?: string;
  [field: string]: unknown;
}

export interface MivaOrder {
  id: number;
  pay_id: number;
  batch_id: number;
  status: number;
  pay_status: number;
  stk_status: number;
  dt_instock: number;
  /** Unix seconds. */
  orderdate: number;
  cust_id: number;
  ship_res: boolean;
  ship_fname: string;
  ship_lname: string;
  ship_email: string;
  ship_comp: string;
  ship_phone: string;
  ship_fax: string;
  ship_addr1: string;
  ship_addr2: string;
  ship_city: string;
  ship_state: string;
  ship_zip: string;
  ship_cntry: string;
  bill_fname: string;
  bill_lname: string;
  bill_email: string;
  bill_comp: string;
  bill_phone: string;
  bill_fax: string;
  bill_addr1: string;
  bill_addr2: string;
  bill_city: string;
  bill_state: string;
  bill_zip: string;
  bill_cntry: string;
  ship_id: number;
  /** Shipping method code. */
  ship_data: string;
  // On-demand scalars:
  ship_method?: string;
  cust_login?: string;
  cust_pw_email?: string;
  business_title?: string;
  payment_module?: string;
  source: string;
  source_id: number;
  total: number;
  formatted_total: string;
  total_ship: number;
  formatted_total_ship: string;
  total_tax: number;
  formatted_total_tax: string;
  total_auth: number;
  formatted_total_auth: string;
  total_capt: number;
  formatted_total_capt: string;
  total_rfnd: number;
  formatted_total_rfnd: string;
  net_capt: number;
  formatted_net_capt: string;
  pend_count: number;
  bord_count: number;
  note_count: number;
  /** Unix seconds; Miva 10.03+. */
  dt_updated?: number;
  // On-demand arrays:
  customer?: MivaCustomer;
  items?: MivaOrderItem[];
  charges?: MivaCharge[];
  coupons?: MivaCoupon[];
  discounts?: MivaOrderDiscount[];
  payments?: MivaPayment[];
  notes?: MivaNote[];
  shipments?: MivaShipment[];
  returns?: MivaReturn[];
  CustomField_Values?: MivaCustomFieldValues;
}

export interface MivaProduct {
  id: number;
  disp_order?: number;
  code: string;
  sku: string;
  name: string;
  thumbnail?: string;
  image?: string;
  price: number;
  formatted_price?: string;
  cost: number;
  formatted_cost?: string;
  page_code?: string;
  page_id?: number;
  weight: number;
  formatted_weight?: string;
  taxable: boolean;
  active: boolean;
  dt_created?: number;
  dt_updated?: number;
  product_inventory_active?: boolean;
  product_inventory?: number;
  CustomField_Values?: MivaCustomFieldValues;
}

export interface MivaOrderCustomField {
  code: string;
  name: string;
  type: string;
  public: boolean;
  readonly: boolean;
  searchable: boolean;
  sortable: boolean;
  module: Partial<MivaModule>;
  choices?: string[];
}

/** The list envelope of every `*List_Load_Query` function. */
export interface MivaListResult<T> {
  total_count: number;
  start_offset: number;
  data: T[];
}

/** On-demand order columns that are plain fields of the order. */
export const ORDER_SCALAR_COLUMNS = [
  'ship_method',
  'cust_login',
  'cust_pw_email',
  'business_title',
  'payment_module',
] as const;

/** On-demand order columns that are arrays, the two Miva's arithmetic rests on first. */
export const ORDER_ARRAY_COLUMNS = [
  'items',
  'charges',
  'coupons',
  'discounts',
  'payments',
  'notes',
  'shipments',
  'returns',
] as const;

/** The arrays whose absence leaves Miva's arithmetic intact (all but items and charges). */
export const ORDER_EXTRA_ARRAYS = ORDER_ARRAY_COLUMNS.slice(2) as readonly Exclude<
  (typeof ORDER_ARRAY_COLUMNS)[number],
  'items' | 'charges'
>[];

/** The on-demand columns the bridge asks for when downloading orders. */
export const ORDER_DOWNLOAD_COLUMNS = [
  ...ORDER_SCALAR_COLUMNS,
  'customer',
  ...ORDER_ARRAY_COLUMNS,
  'payment_data',
  'parts',
  'CustomField_Values:*',
] as const;
