// Small builders for hand-written Miva orders, so each scenario spec shows only what it is about.
// Fixed clock: every timestamp derives from PLACED_AT, never from the wall clock.
import type {
  MivaCharge,
  MivaCoupon,
  MivaItemDiscount,
  MivaItemOption,
  MivaItemPart,
  MivaModule,
  MivaNote,
  MivaOrder,
  MivaOrderItem,
  MivaPayment,
} from '../../miva-model/miva.models';
import type { MapperSettings } from '../mapper-settings';

/** 2026-11-18T11:06:40.000Z */
export const PLACED_AT = 1_795_000_000;
export const PLACED_AT_ISO = '2026-11-18T11:06:40.000Z';
export const ORDER_ID = 200076;

export const SETTINGS: MapperSettings = {
  productIdentifier: 'sku',
  kitMode: 'sku',
  customFieldMappings: [],
  paymentMappings: [],
};

export function settings(overrides: Partial<MapperSettings> = {}): MapperSettings {
  return { ...SETTINGS, ...overrides };
}

function cents(n: number): number {
  return Math.round(n * 100);
}

export function option(o: Partial<MivaItemOption> = {}): MivaItemOption {
  return {
    id: 1,
    order_id: ORDER_ID,
    line_id: 301,
    attr_id: 10,
    attr_code: 'size',
    attmpat_id: 0,
    option_id: 100,
    opt_code: 'M',
    retail: 0,
    base_price: 0,
    price: 0,
    weight: 0,
    data: '',
    data_long: '',
    attr_prompt: 'Size',
    opt_prompt: 'Medium',
    attribute: 'size',
    value: 'M',
    ...o,
  };
}

export function part(p: Partial<MivaItemPart> = {}): MivaItemPart {
  return {
    code: 'PART',
    sku: 'PART-SKU',
    name: 'Part',
    quantity: 1,
    total_quantity: 1,
    price: 0,
    cost: 0,
    weight: 0,
    ...p,
  };
}

export function itemDiscount(d: Partial<MivaItemDiscount> = {}): MivaItemDiscount {
  return {
    order_id: ORDER_ID,
    line_id: 301,
    pgrp_id: 3,
    display: true,
    descrip: 'Summer Sale',
    discount: 2.5,
    ...d,
  };
}

/** An item whose `total` is Miva's arithmetic unless given: (price + Σ option price) × quantity. */
export function item(i: Partial<MivaOrderItem> & Pick<MivaOrderItem, 'line_id'>): MivaOrderItem {
  const price = i.price ?? 25;
  const quantity = i.quantity ?? 1;
  const optionCents = (i.options ?? []).reduce((s, o) => s + cents(o.price), 0);
  const total = i.total ?? ((cents(price) + optionCents) * quantity) / 100;
  return {
    order_id: ORDER_ID,
    group_id: i.line_id,
    parent_id: 0,
    status: 0,
    subscrp_id: 0,
    subterm_id: 0,
    shpmnt_id: 0,
    rma_id: 0,
    product_id: 44,
    dt_instock: 0,
    code: 'TSHIRT',
    name: 'T-Shirt',
    sku: 'TS-RED-M',
    type: '',
    retail: price,
    base_price: price,
    formatted_total: `$${total.toFixed(2)}`,
    weight: 0.5,
    formatted_weight: '0.50 pounds',
    taxable: true,
    tax: 0,
    formatted_tax: '$0.00',
    upsold: false,
    ...i,
    price,
    quantity,
    total,
  };
}

export function charge(
  c: Partial<MivaCharge> & Pick<MivaCharge, 'charge_id' | 'type' | 'amount'>,
): MivaCharge {
  return {
    order_id: ORDER_ID,
    module_id: 7,
    descrip: c.type,
    formatted_amount: `$${c.amount.toFixed(2)}`,
    disp_amt: c.amount,
    formatted_disp_amt: `$${c.amount.toFixed(2)}`,
    tax_exempt: true,
    tax: 0,
    formatted_tax: '$0.00',
    ...c,
  };
}

export function coupon(code: string, descrip: string, total = 0): MivaCoupon {
  return { order_id: ORDER_ID, coupon_id: 21, code, descrip, total };
}

export function note(n: Partial<MivaNote> & Pick<MivaNote, 'id' | 'notetext'>): MivaNote {
  return {
    cust_id: 5,
    account_id: 0,
    order_id: ORDER_ID,
    user_id: 1,
    dtstamp: PLACED_AT + 600,
    admin_user: 'admin',
    ...n,
  };
}

export function mivaModule(code: string, name: string, provider = 'Miva, Inc.'): MivaModule {
  return {
    id: 33,
    code,
    name,
    provider,
    api_ver: '10.07',
    version: '10.0700',
    module: `modules/payment/${code}.mvc`,
    refcount: 1,
    active: true,
    priority: 0,
  };
}

export function payment(p: Partial<MivaPayment> & Pick<MivaPayment, 'id'>): MivaPayment {
  const amount = p.amount ?? 47.99;
  return {
    order_id: ORDER_ID,
    type: 5,
    refnum: 'REF-1',
    formatted_amount: `$${amount.toFixed(2)}`,
    available: amount,
    formatted_available: `$${amount.toFixed(2)}`,
    dtstamp: PLACED_AT + 20,
    expires: 0,
    pay_id: 33,
    pay_secid: 0,
    currency: 'USD',
    environ: 'production',
    level: '',
    cardbrand: '',
    decrypt_status: 'not_encrypted',
    ...p,
    amount,
  };
}

/**
 * A consistent order: unless `total` is given it is Miva's arithmetic (items not cancelled +
 * every charge). Optional arrays default to empty; delete them to test their absence.
 */
export type FixtureOrder = MivaOrder & { items: MivaOrderItem[] };

export function order(o: Partial<MivaOrder> = {}): FixtureOrder {
  const items = o.items ?? [item({ line_id: 301 })];
  const charges = o.charges ?? [];
  const totalCents =
    items.filter((i) => i.status !== 300).reduce((s, i) => s + cents(i.total), 0) +
    charges.reduce((s, c) => s + cents(c.amount), 0);
  const total = o.total ?? totalCents / 100;
  return {
    id: ORDER_ID,
    pay_id: 33,
    batch_id: 0,
    status: 100,
    pay_status: 0,
    stk_status: 0,
    dt_instock: 0,
    orderdate: PLACED_AT,
    cust_id: 5,
    ship_res: true,
    ship_fname: 'Jo',
    ship_lname: 'Doe',
    ship_email: 'jo@example.com',
    ship_comp: '',
    ship_phone: '555-0100',
    ship_fax: '',
    ship_addr1: '1 Harbor Dr',
    ship_addr2: '',
    ship_city: 'San Diego',
    ship_state: 'CA',
    ship_zip: '92101',
    ship_cntry: 'US',
    bill_fname: 'Jo',
    bill_lname: 'Doe',
    bill_email: 'jo@example.com',
    bill_comp: '',
    bill_phone: '555-0100',
    bill_fax: '',
    bill_addr1: '1 Harbor Dr',
    bill_addr2: '',
    bill_city: 'San Diego',
    bill_state: 'CA',
    bill_zip: '92101',
    bill_cntry: 'US',
    ship_id: 7,
    ship_data: 'GROUND',
    ship_method: 'UPS Ground',
    cust_login: 'jo',
    cust_pw_email: 'jo@example.com',
    business_title: '',
    payment_module: '',
    source: '',
    source_id: 0,
    formatted_total: `$${total.toFixed(2)}`,
    total_ship: 0,
    formatted_total_ship: '$0.00',
    total_tax: 0,
    formatted_total_tax: '$0.00',
    total_auth: 0,
    formatted_total_auth: '$0.00',
    total_capt: 0,
    formatted_total_capt: '$0.00',
    total_rfnd: 0,
    formatted_total_rfnd: '$0.00',
    net_capt: 0,
    formatted_net_capt: '$0.00',
    pend_count: 1,
    bord_count: 0,
    note_count: 0,
    dt_updated: PLACED_AT + 100,
    coupons: [],
    discounts: [],
    payments: [],
    notes: [],
    shipments: [],
    returns: [],
    CustomField_Values: { orderworkflow: { new_and_updated: '1' } },
    ...o,
    items,
    charges,
    total,
  };
}
