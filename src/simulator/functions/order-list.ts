// OrderList_Load_Query and the shared list machinery used by the queue query (docs/MIVA.md §5).
import { text } from '../params';
import type { MivaOrder } from '../../miva-model/miva.models';
import {
  compareValues,
  type FieldResolver,
  type FieldValue,
  parseFilter,
  parseSort,
} from '../filter';
import { inputErrors, type MivaResponse, ok, RawJson } from '../json';
import { orderJson, parseOrderColumns } from '../serialize';
import type { OrderRecord, SimulatorState } from '../state';
import type { CallContext } from './context';

const ADDR = [
  'fname',
  'lname',
  'email',
  'comp',
  'phone',
  'fax',
  'addr1',
  'addr2',
  'city',
  'state',
  'zip',
  'cntry',
];
const ORDER_FIELDS = new Set<string>([
  'id',
  'batch_id',
  'status',
  'pay_status',
  'orderdate',
  'dt_instock',
  'ship_res',
  ...ADDR.map((f) => `ship_${f}`),
  ...ADDR.map((f) => `bill_${f}`),
  'ship_id',
  'ship_data',
  'source',
  'source_id',
  'total',
  'total_ship',
  'total_tax',
  'total_auth',
  'total_capt',
  'total_rfnd',
  'net_capt',
  'pend_count',
  'bord_count',
  'note_count',
  'dt_updated',
  'cust_login',
  'cust_pw_email',
  'business_title',
  'payment_module',
]);

export function orderResolver(state: SimulatorState): FieldResolver<OrderRecord> {
  return {
    has: (field) =>
      ORDER_FIELDS.has(field.toLowerCase()) || /^customfield_values:[^:]+:[^:]+$/i.test(field),
    get: (rec, field) => orderField(state, rec.order, field),
  };
}

// Filters ask for the same few field names once per order looked at.
const lowerCased = new Map<string, string>();

function orderField(state: SimulatorState, o: MivaOrder, field: string): FieldValue {
  let f = lowerCased.get(field);
  if (f === undefined) {
    f = field.toLowerCase();
    if (lowerCased.size > 1000) {
      lowerCased.clear();
    }
    lowerCased.set(field, f);
  }
  if (f.startsWith('customfield_values:')) {
    const [, mod = '', code = ''] = field.split(':');
    if (mod === 'orderworkflow') {
      return state.inQueue(code, o.id) ? '1' : '';
    }
    return o.CustomField_Values?.[mod]?.[code] ?? null;
  }
  if (f === 'ship_name') {
    return `${o.ship_lname} ${o.ship_fname}`;
  }
  if (f === 'bill_name') {
    return `${o.bill_lname} ${o.bill_fname}`;
  }
  const v = (o as unknown as Record<string, unknown>)[f];
  return typeof v === 'object' ? null : (v as FieldValue);
}

function customFilter(custom: Map<string, unknown>): ((o: MivaOrder) => boolean) | null {
  const preds: ((o: MivaOrder) => boolean)[] = [];
  const num = (v: unknown): number => Number(v);
  if (custom.has('customer_id')) {
    const id = num(custom.get('customer_id'));
    preds.push((o) => o.cust_id === id);
  }
  if (custom.has('pay_id')) {
    const id = num(custom.get('pay_id'));
    preds.push((o) => o.pay_id === id);
  }
  if (custom.has('product_code')) {
    const code = text(custom.get('product_code')).toLowerCase();
    preds.push((o) => (o.items ?? []).some((i) => i.code.toLowerCase() === code));
  }
  if (custom.has('payment')) {
    const kind = text(custom.get('payment'));
    const shipped = (o: MivaOrder): boolean => (o.items ?? []).some((i) => i.status === 200);
    const f: Record<string, (o: MivaOrder) => boolean> = {
      auth_0_capt: (o) => o.total_auth > 0 && o.total_capt === 0,
      partial_capt: (o) => o.total_capt > 0 && o.total_capt < o.total_auth,
      capt_not_ship: (o) => o.total_capt > 0 && !shipped(o),
      ship_not_capt: (o) => o.total_capt === 0 && shipped(o),
    };
    if (f[kind]) {
      preds.push(f[kind]);
    }
  }
  return preds.length === 0 ? null : (o) => preds.every((p) => p(o));
}

/**
 * Runs a list query over the orders (all, or those `included`); returns the response and the
 * page's records. Like Miva's database, it looks only at ids within the filter's id bounds.
 */
export function listOrders(
  ctx: CallContext,
  included: (id: number) => boolean = () => true,
): { response: MivaResponse; page: OrderRecord[] } {
  const { state, params } = ctx;
  const count = params.int('Count') ?? 0;
  const offset = params.int('Offset') ?? 0;
  if (Number.isNaN(count) || Number.isNaN(offset) || count < 0 || offset < 0) {
    const field = Number.isNaN(count) || count < 0 ? 'Count' : 'Offset';
    return { response: inputErrors([{ field, message: 'Invalid value' }]), page: [] };
  }
  const resolver = orderResolver(state);
  const filter = parseFilter(params.get('Filter'), resolver);
  const extra = customFilter(filter.custom);
  const sort = parseSort(
    params.string('Sort'),
    (f) => resolver.has(f) || ['ship_name', 'bill_name'].includes(f.toLowerCase()),
    'id',
  );

  const ids = state.orderIds();
  const matched: OrderRecord[] = [];
  const end = firstAbove(ids, filter.idRange.max);
  for (let i = firstAtLeast(ids, filter.idRange.min); i < end; i++) {
    const id = ids[i];
    const rec = id !== undefined && included(id) ? state.orders.get(id) : undefined;
    if (rec && filter.predicate(rec) && (!extra || extra(rec.order))) {
      matched.push(rec);
    }
  }
  if (sort.field !== 'id' || sort.desc) {
    const key = (r: OrderRecord): FieldValue => orderField(state, r.order, sort.field);
    matched.sort((a, b) => {
      const c = compareValues(key(a), key(b)) || a.order.id - b.order.id;
      return sort.desc ? -c : c;
    });
  }
  const page = count === 0 ? matched.slice(offset) : matched.slice(offset, offset + count);
  const cols = parseOrderColumns(filter.onDemandColumns);
  const pass = params.string('Passphrase');
  const decrypt =
    pass === undefined || pass === '' ? 'none' : pass === state.passphrase ? 'ok' : 'wrong';
  const data = page.map((rec) => orderJson(state, rec, cols, decrypt));
  return {
    response: ok({
      total_count: matched.length,
      start_offset: offset,
      data: new RawJson(`[${data.map((d) => d.json).join(',')}]`),
    }),
    page,
  };
}

export function orderListLoadQuery(ctx: CallContext): MivaResponse {
  return listOrders(ctx).response;
}

/** The index of the first id ≥ `min` in ascending `ids`. */
function firstAtLeast(ids: readonly number[], min: number): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ids[mid] ?? Infinity) < min) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low;
}

/** The index of the first id > `max` in ascending `ids`. */
function firstAbove(ids: readonly number[], max: number): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ids[mid] ?? Infinity) <= max) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low;
}
