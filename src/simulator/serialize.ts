// Projects stored orders into what OrderList_Load_Query returns for a set of on-demand columns
// (docs/MIVA.md §5.4, §6.1), caching the JSON text per order and column set.
import {
  ORDER_ARRAY_COLUMNS,
  ORDER_SCALAR_COLUMNS,
  type MivaOrder,
  type MivaOrderItem,
  type MivaPayment,
  type MivaProduct,
  type MivaShipment,
} from '../miva-model/miva.models';
import { RawJson } from './json';
import type { OrderRecord, SimulatorState } from './state';

const SCALARS = ORDER_SCALAR_COLUMNS;
const ARRAYS = ORDER_ARRAY_COLUMNS;

export interface OrderColumns {
  scalars: Set<string>;
  customer: boolean;
  arrays: Set<string>;
  paymentData: boolean;
  parts: boolean;
  /** null: no custom fields; 'all'; or module → 'all' | field codes. */
  customFields: null | 'all' | Map<string, 'all' | Set<string>>;
  key: string;
}

export function parseOrderColumns(columns: string[]): OrderColumns {
  const cols: OrderColumns = {
    scalars: new Set(),
    customer: false,
    arrays: new Set(),
    paymentData: false,
    parts: false,
    customFields: null,
    key: '',
  };
  for (const raw of columns) {
    const c = raw.trim();
    const lc = c.toLowerCase();
    if ((SCALARS as readonly string[]).includes(lc)) {
      cols.scalars.add(lc);
    } else if ((ARRAYS as readonly string[]).includes(lc)) {
      cols.arrays.add(lc);
    } else if (lc === 'customer') {
      cols.customer = true;
    } else if (lc === 'payment_data') {
      cols.paymentData = true;
    } else if (lc === 'parts') {
      cols.parts = true;
    } else if (lc.startsWith('customfield_values:')) {
      const [, mod, field] = c.split(':');
      if (mod === '*' || mod === undefined) {
        cols.customFields = 'all';
      } else if (cols.customFields !== 'all') {
        const map = cols.customFields ?? new Map<string, 'all' | Set<string>>();
        const cur = map.get(mod);
        if (field === '*' || field === undefined || cur === 'all') {
          map.set(mod, 'all');
        } else {
          map.set(mod, new Set([...(cur ?? []), field]));
        }
        cols.customFields = map;
      }
    }
  }
  const cf =
    cols.customFields === null
      ? ''
      : cols.customFields === 'all'
        ? '*'
        : [...cols.customFields]
            .map(([m, f]) => `${m}:${f === 'all' ? '*' : [...f].sort().join(',')}`)
            .join(';');
  cols.key =
    [...cols.scalars].sort().join(',') +
    '|' +
    [...cols.arrays].sort().join(',') +
    `|${+cols.customer}${+cols.paymentData}${+cols.parts}|${cf}`;
  return cols;
}

function projectItem(
  item: MivaOrderItem,
  cols: OrderColumns,
  shipments: Map<number, MivaShipment>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    order_id: item.order_id,
    line_id: item.line_id,
    group_id: item.group_id,
    parent_id: item.parent_id,
    status: item.status,
    subscrp_id: item.subscrp_id,
    subterm_id: item.subterm_id,
    shpmnt_id: item.shpmnt_id,
    rma_id: item.rma_id,
    product_id: item.product_id,
  };
  if (item.rma_id) {
    out.rma_code = item.rma_code ?? '';
    out.rma_dt_issued = item.rma_dt_issued ?? 0;
    out.rma_dt_recvd = item.rma_dt_recvd ?? 0;
  }
  Object.assign(out, {
    dt_instock: item.dt_instock,
    code: item.code,
    name: item.name,
    sku: item.sku,
    type: item.type,
    retail: item.retail,
    base_price: item.base_price,
    price: item.price,
    total: item.total,
    formatted_total: item.formatted_total,
    weight: item.weight,
    formatted_weight: item.formatted_weight,
    taxable: item.taxable,
    tax: item.tax,
    formatted_tax: item.formatted_tax,
    upsold: item.upsold,
    quantity: item.quantity,
  });
  const s = item.shpmnt_id ? shipments.get(item.shpmnt_id) : undefined;
  if (s) {
    const { batch_id: _b, ...shipment } = s;
    out.shipment = shipment;
  }
  if (item.discounts) {
    out.discounts = item.discounts;
  }
  if (item.options) {
    out.options = item.options;
  }
  if (cols.parts && item.parts) {
    out.parts = item.parts;
  }
  return out;
}

function projectPayment(
  p: MivaPayment,
  cols: OrderColumns,
  decrypt: 'none' | 'ok' | 'wrong',
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: p.id,
    order_id: p.order_id,
    type: p.type,
    refnum: p.refnum,
    amount: p.amount,
    formatted_amount: p.formatted_amount,
    available: p.available,
    formatted_available: p.formatted_available,
    dtstamp: p.dtstamp,
    expires: p.expires,
    pay_id: p.pay_id,
    pay_secid: p.pay_secid,
    currency: p.currency ?? 'USD',
    environ: p.environ ?? '',
    level: p.level ?? '',
    cardbrand: p.cardbrand ?? '',
  };
  if (cols.paymentData) {
    if (p.pay_secid === 0) {
      out.decrypt_status = 'not_encrypted';
      out.decrypt_error = '';
      out.description = p.description ?? '';
      out.module = p.module;
      out.data = p.data ?? {};
    } else if (decrypt === 'ok') {
      out.decrypt_status = 'decrypted';
      out.decrypt_error = '';
      out.description = p.description ?? '';
      out.module = p.module;
      out.data = p.data ?? {};
    } else {
      // [I] Without the passphrase nothing secure is shown.
      out.decrypt_status = 'not_decrypted';
      out.decrypt_error = decrypt === 'none' ? 'Passphrase required' : 'Invalid passphrase';
      out.description = p.description ?? '';
      out.module = p.module;
      out.data = {};
    }
  }
  return out;
}

function customFieldValues(
  state: SimulatorState,
  order: MivaOrder,
  cols: OrderColumns,
): Record<string, Record<string, string | number>> {
  const all: Record<string, Record<string, string | number>> = {};
  for (const [mod, fields] of Object.entries(order.CustomField_Values ?? {})) {
    if (mod !== 'orderworkflow') {
      all[mod] = { ...fields };
    }
  }
  const wf: Record<string, string> = {};
  for (const q of state.queues.keys()) {
    wf[q] = state.inQueue(q, order.id) ? '1' : '';
  }
  all.orderworkflow = wf;
  if (cols.customFields === 'all' || cols.customFields === null) {
    return all;
  }
  const out: Record<string, Record<string, string | number>> = {};
  for (const [mod, want] of cols.customFields) {
    const have = all[mod];
    if (!have) {
      continue;
    }
    if (want === 'all') {
      out[mod] = have;
    } else {
      const picked: Record<string, string | number> = {};
      for (const f of want) {
        const value = have[f];
        if (value !== undefined) {
          picked[f] = value;
        }
      }
      out[mod] = picked;
    }
  }
  return out;
}

/** The order as Miva emits it for these columns (§5.1 field order). */
export function projectOrder(
  state: SimulatorState,
  order: MivaOrder,
  cols: OrderColumns,
  decrypt: 'none' | 'ok' | 'wrong',
): Record<string, unknown> {
  const o = order;
  const out: Record<string, unknown> = {
    id: o.id,
    pay_id: o.pay_id,
    batch_id: o.batch_id,
    status: o.status,
    pay_status: o.pay_status,
    stk_status: o.stk_status,
    dt_instock: o.dt_instock,
    orderdate: o.orderdate,
    cust_id: o.cust_id,
    ship_res: o.ship_res,
    ship_fname: o.ship_fname,
    ship_lname: o.ship_lname,
    ship_email: o.ship_email,
    ship_comp: o.ship_comp,
    ship_phone: o.ship_phone,
    ship_fax: o.ship_fax,
    ship_addr1: o.ship_addr1,
    ship_addr2: o.ship_addr2,
    ship_city: o.ship_city,
    ship_state: o.ship_state,
    ship_zip: o.ship_zip,
    ship_cntry: o.ship_cntry,
    bill_fname: o.bill_fname,
    bill_lname: o.bill_lname,
    bill_email: o.bill_email,
    bill_comp: o.bill_comp,
    bill_phone: o.bill_phone,
    bill_fax: o.bill_fax,
    bill_addr1: o.bill_addr1,
    bill_addr2: o.bill_addr2,
    bill_city: o.bill_city,
    bill_state: o.bill_state,
    bill_zip: o.bill_zip,
    bill_cntry: o.bill_cntry,
    ship_id: o.ship_id,
    ship_data: o.ship_data,
  };
  for (const s of SCALARS) {
    if (cols.scalars.has(s)) {
      const v = o[s];
      out[s] =
        v === undefined || v === ''
          ? s === 'ship_method' || s === 'payment_module'
            ? 'None'
            : ''
          : v;
    }
  }
  Object.assign(out, {
    source: o.source,
    source_id: o.source_id,
    total: o.total,
    formatted_total: o.formatted_total,
    total_ship: o.total_ship,
    formatted_total_ship: o.formatted_total_ship,
    total_tax: o.total_tax,
    formatted_total_tax: o.formatted_total_tax,
    total_auth: o.total_auth,
    formatted_total_auth: o.formatted_total_auth,
    total_capt: o.total_capt,
    formatted_total_capt: o.formatted_total_capt,
    total_rfnd: o.total_rfnd,
    formatted_total_rfnd: o.formatted_total_rfnd,
    net_capt: o.net_capt,
    formatted_net_capt: o.formatted_net_capt,
    pend_count: o.pend_count,
    bord_count: o.bord_count,
    note_count: o.note_count,
    dt_updated: o.dt_updated,
  });
  if (cols.customer && o.cust_id !== 0 && o.customer) {
    out.customer = o.customer;
  }
  for (const a of ARRAYS) {
    if (!cols.arrays.has(a)) {
      continue;
    }
    if (a === 'items') {
      out.items = (o.items ?? []).map((i) => projectItem(i, cols, state.shipments));
    } else if (a === 'payments') {
      out.payments = (o.payments ?? []).map((p) => projectPayment(p, cols, decrypt));
    } else {
      out[a] = o[a] ?? [];
    }
  }
  if (cols.customFields !== null) {
    out.CustomField_Values = customFieldValues(state, o, cols);
  }
  return out;
}

/** Cached JSON text of an order projection. */
export function orderJson(
  state: SimulatorState,
  rec: OrderRecord,
  cols: OrderColumns,
  decrypt: 'none' | 'ok' | 'wrong',
): RawJson {
  const key = `${cols.key}|${cols.paymentData && cols.arrays.has('payments') ? decrypt : ''}`;
  let json = rec.cache.get(key);
  if (json === undefined) {
    json = JSON.stringify(projectOrder(state, rec.order, cols, decrypt));
    rec.cache.set(key, json);
  }
  return new RawJson(json);
}

export function projectProduct(p: MivaProduct, columns: string[]): Record<string, unknown> {
  const lc = new Set(columns.map((c) => c.toLowerCase()));
  const out: Record<string, unknown> = {
    id: p.id,
    disp_order: p.disp_order ?? 0,
    code: p.code,
    sku: p.sku,
    name: p.name,
    thumbnail: p.thumbnail ?? '',
    image: p.image ?? '',
    price: p.price,
    formatted_price: p.formatted_price,
    cost: p.cost,
    formatted_cost: p.formatted_cost,
    page_code: p.page_code ?? '',
    page_id: p.page_id ?? 0,
    weight: p.weight,
    formatted_weight: p.formatted_weight,
    taxable: p.taxable,
    active: p.active,
    dt_created: p.dt_created ?? 0,
    dt_updated: p.dt_updated ?? 0,
  };
  if (lc.has('product_inventory')) {
    out.product_inventory_active = p.product_inventory_active ?? false;
    out.product_inventory = p.product_inventory ?? 0;
  }
  if ([...lc].some((c) => c.startsWith('customfield_values:'))) {
    out.CustomField_Values = p.CustomField_Values ?? {};
  }
  return out;
}
