import { hash } from 'node:crypto';
import type {
  MappedOrder,
  OmsAddress,
  OmsCard,
  OmsCharge,
  OmsCustomer,
  OmsException,
  OmsLine,
  OmsLineOption,
  OmsNote,
  OmsPayment,
  OmsShippingMethod,
  OmsTotals,
} from './oms-order.types';

/**
 * JSON with object keys sorted at every level, so key order (e.g. after a round trip through
 * Postgres jsonb) does not change the text. `undefined` members are skipped as JSON.stringify does.
 * Used for values whose shape is open (custom field values).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) {
        out += ',';
      }
      const v: unknown = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) {
      continue;
    }
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return out + '}';
}

// ---- schema-driven canonical writer -------------------------------------------------------------
// The hash runs for every downloaded order, so it avoids generic key sorting: a schema lists each
// known object's members (in sorted order), and each such object is written as the JSON array of
// its member values in that order. Open maps (custom fields) are written as sorted-key objects.
// The text depends only on the content, never on key order, and is a third of the sorted-key
// JSON's size, which is what makes mapping + hashing meet its throughput goal.

type Schema =
  | { kind: 'value' }
  | { kind: 'object'; fields: readonly Field[] }
  | { kind: 'array'; of: Schema }
  | { kind: 'record'; of: Schema };

interface Field {
  key: string;
  schema: Schema;
}

const VALUE: Schema = { kind: 'value' };

/** Every key of T must be listed (the mapped type makes a forgotten field a compile error). */
function obj<T>(fields: { [K in keyof T]-?: Schema }): Schema {
  const entries = Object.entries(fields as Record<string, Schema>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return {
    kind: 'object',
    fields: entries.map(([key, schema]) => ({ key, schema })),
  };
}

function flat<T>(keys: { [K in keyof T]-?: true }): Schema {
  const fields = {} as Record<string, Schema>;
  for (const k of Object.keys(keys)) {
    fields[k] = VALUE;
  }
  return obj<Record<string, Schema>>(fields);
}

const arr = (of: Schema): Schema => ({ kind: 'array', of });
const record = (of: Schema): Schema => ({ kind: 'record', of });

const ADDRESS = flat<OmsAddress>({
  firstName: true,
  lastName: true,
  company: true,
  email: true,
  phone: true,
  fax: true,
  address1: true,
  address2: true,
  city: true,
  state: true,
  zip: true,
  country: true,
});

const MAPPED_ORDER_SCHEMA = obj<Omit<MappedOrder, 'sourceUpdatedAt'>>({
  source: VALUE,
  sourceOrderId: VALUE,
  status: VALUE,
  sourceStatus: VALUE,
  placedAt: VALUE,
  currency: VALUE,
  customer: flat<OmsCustomer>({ sourceId: true, login: true, email: true, phone: true }),
  billTo: ADDRESS,
  shipTo: ADDRESS,
  shippingMethod: flat<OmsShippingMethod>({ code: true, name: true }),
  lines: arr(
    obj<OmsLine>({
      lineId: VALUE,
      kind: VALUE,
      sourceLineId: VALUE,
      parentLineId: VALUE,
      status: VALUE,
      sourceStatus: VALUE,
      couponCode: VALUE,
      identifier: VALUE,
      sku: VALUE,
      productCode: VALUE,
      name: VALUE,
      quantity: VALUE,
      unitPrice: VALUE,
      originalUnitPrice: VALUE,
      lineTotal: VALUE,
      options: arr(flat<OmsLineOption>({ attribute: true, value: true, price: true })),
    }),
  ),
  charges: arr(flat<OmsCharge>({ type: true, sourceType: true, description: true, amount: true })),
  payments: arr(
    obj<OmsPayment>({
      sourcePaymentId: VALUE,
      gateway: VALUE,
      processor: VALUE,
      mivaModule: VALUE,
      method: VALUE,
      type: VALUE,
      amount: VALUE,
      transactionId: VALUE,
      card: flat<OmsCard>({ brand: true, last4: true, expMonth: true, expYear: true }),
      createdAt: VALUE,
    }),
  ),
  notes: arr(flat<OmsNote>({ sourceId: true, text: true, createdAt: true, author: true })),
  customFields: record(VALUE),
  sourceCustomFields: record(record(VALUE)),
  customerComments: VALUE,
  totals: flat<OmsTotals>({
    items: true,
    discounts: true,
    shipping: true,
    tax: true,
    other: true,
    total: true,
  }),
  exceptions: arr(flat<OmsException>({ code: true, message: true })),
});

// Strings without anything JSON.stringify would escape (quotes, backslash, control characters,
// surrogates), i.e. nearly all of them, are quoted directly.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function write(value: unknown, schema: Schema): string {
  if (typeof value === 'string') {
    return quote(value);
  }
  if (typeof value !== 'object') {
    // number, boolean; undefined, functions and symbols only appear inside arrays → null.
    return typeof value === 'number' || typeof value === 'boolean' ? JSON.stringify(value) : 'null';
  }
  if (value === null) {
    return 'null';
  }
  switch (schema.kind) {
    case 'value':
      return canonicalJson(value);
    case 'array': {
      if (!Array.isArray(value)) {
        return canonicalJson(value);
      }
      if (value.length === 0) {
        return '[]';
      }
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) {
          out += ',';
        }
        const v: unknown = value[i];
        out += v === undefined ? 'null' : write(v, schema.of);
      }
      return out + ']';
    }
    case 'record': {
      const r = value as Record<string, unknown>;
      const keys = Object.keys(r).sort();
      let out = '{';
      for (const key of keys) {
        const v = r[key];
        if (v !== undefined) {
          out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${write(v, schema.of)}`;
        }
      }
      return out + '}';
    }
    case 'object': {
      // Positional: the schema fixes each member's place, so key names need not be written.
      const r = value as Record<string, unknown>;
      const fields = schema.fields;
      let out = '[';
      for (const field of fields) {
        const v = r[field.key];
        out += (out.length === 1 ? '' : ',') + (v === undefined ? 'null' : write(v, field.schema));
      }
      return out + ']';
    }
  }
}

/**
 * The canonical (positional) JSON of a mapped order's content: every member of MappedOrder except
 * sourceUpdatedAt; keys outside the contract (id, storeId, revision, ... of a stored order) are
 * not part of it.
 */
export function canonicalMappedOrderJson(m: MappedOrder): string {
  return write(m, MAPPED_ORDER_SCHEMA);
}

/** sha256 (hex) of the mapped order's canonical JSON; equal hashes mean the same OMS content. */
export function mappedOrderHash(m: MappedOrder): string {
  return hash('sha256', canonicalMappedOrderJson(m), 'hex');
}
