import type { MivaCustomer, MivaOrder } from '../miva-model/miva.models';
import { mapPayments } from '../payments/payment-mapper.registry';
import { mapCharges, readCharges, type ReadCharge } from './charges.mapper';
import { mapCustomFields, mapSourceCustomFields } from './custom-fields.mapper';
import { mapDiscounts } from './discounts.mapper';
import { mapProductLines } from './lines.mapper';
import { DEFAULT_CURRENCY, type MapperSettings } from './mapper-settings';
import { MappingError } from './mapping.error';
import {
  isoFromUnix,
  optionalIsoFromUnix,
  readArray,
  readCents,
  readInt,
  readOptionalInt,
  readString,
  readText,
  type ReadContext,
} from './miva-input';
import { mapNotes } from './notes.mapper';
import type {
  MappedOrder,
  OmsAddress,
  OmsCustomer,
  OmsException,
  OmsShippingMethod,
} from './oms-order.types';
import { orderStatusName } from './statuses';
import { mapTotals } from './totals.mapper';

// Values Miva's on-demand columns use for "no module".
const PLACEHOLDERS = new Set(['none', 'unknown']);

function trimmed(v: unknown): string {
  return readString(v).trim();
}

/** Typed by the customer: card numbers masked. */
function trimmedText(v: unknown): string {
  return readText(v).trim();
}

function orNull(s: string): string | null {
  return s === '' ? null : s;
}

function customerObject(order: MivaOrder): Partial<MivaCustomer> | null {
  const c: unknown = order.customer;
  return typeof c === 'object' && c !== null && !Array.isArray(c) ? c : null;
}

function mapCustomer(ctx: ReadContext, order: MivaOrder): OmsCustomer {
  const customer = customerObject(order);
  const custId = readOptionalInt(ctx, order.cust_id, '', -1, 'cust_id', 0);
  return {
    sourceId: custId === 0 ? null : custId,
    login: orNull(trimmedText(order.cust_login) || trimmedText(customer?.login)),
    email: orNull(
      trimmedText(order.cust_pw_email) ||
        trimmedText(customer?.pw_email) ||
        trimmedText(order.bill_email) ||
        trimmedText(order.ship_email),
    ),
    phone: orNull(trimmed(order.bill_phone) || trimmed(order.ship_phone)),
  };
}

// Written out per side (not via computed `${prefix}_fname` keys): this runs for every order.
function mapBillTo(o: MivaOrder): OmsAddress {
  return {
    firstName: readText(o.bill_fname),
    lastName: readText(o.bill_lname),
    company: readText(o.bill_comp),
    email: readText(o.bill_email),
    phone: readString(o.bill_phone),
    fax: readString(o.bill_fax),
    address1: readText(o.bill_addr1),
    address2: readText(o.bill_addr2),
    city: readText(o.bill_city),
    state: readText(o.bill_state),
    zip: readString(o.bill_zip),
    country: readString(o.bill_cntry),
  };
}

function mapShipTo(o: MivaOrder): OmsAddress {
  return {
    firstName: readText(o.ship_fname),
    lastName: readText(o.ship_lname),
    company: readText(o.ship_comp),
    email: readText(o.ship_email),
    phone: readString(o.ship_phone),
    fax: readString(o.ship_fax),
    address1: readText(o.ship_addr1),
    address2: readText(o.ship_addr2),
    city: readText(o.ship_city),
    state: readText(o.ship_state),
    zip: readString(o.ship_zip),
    country: readString(o.ship_cntry),
  };
}

function mapShippingMethod(
  order: MivaOrder,
  otherCharges: readonly ReadCharge[],
): OmsShippingMethod | null {
  const code = trimmed(order.ship_data);
  let name = readText(order.ship_method).trim();
  if (PLACEHOLDERS.has(name.toLowerCase())) {
    name = '';
  }
  if (name === '') {
    // Without the ship_method column, the shipping charge carries the method's description.
    const shipping = otherCharges.find((c) => c.sourceType.trim().toUpperCase() === 'SHIPPING');
    name = shipping?.description.trim() ?? '';
  }
  if (code === '' && name === '') {
    return null;
  }
  return { code, name: name !== '' ? name : code };
}

function readOrderId(order: MivaOrder): number {
  if (typeof order !== 'object' || order === null || Array.isArray(order)) {
    throw new MappingError(null, 'order', 'must be an object');
  }
  const id = readInt({ orderId: null }, order.id, '', -1, 'id');
  if (id <= 0) {
    throw new MappingError(null, 'id', 'must be a positive integer');
  }
  return id;
}

/**
 * Maps one Miva order (as json.mvc returns it, optional arrays possibly missing) to the OMS order
 * of docs/REST.md. Pure and deterministic: the same order and settings always give a deep-equal
 * result with keys in the same order. Throws MappingError only for a truly malformed order.
 */
export function mapOrder(order: MivaOrder, settings: MapperSettings): MappedOrder {
  const orderId = readOrderId(order);
  const ctx: ReadContext = { orderId };

  const statusCode = readInt(ctx, order.status, '', -1, 'status');
  const items = readArray(ctx, order.items, 'items');
  const products = mapProductLines(ctx, items, settings);
  const charges = readCharges(ctx, order.charges);
  const discounts = mapDiscounts(ctx, items, charges.discounts, order.coupons);
  const otherCharges = mapCharges(charges.others);
  // Settings come from the database; tolerate missing lists rather than fail every order.
  const payments = mapPayments(ctx, order.payments, settings.paymentMappings ?? [], {
    orderPayId: typeof order.pay_id === 'number' ? order.pay_id : undefined,
    orderPaymentModuleName: order.payment_module,
  });
  const sourceCustomFields = mapSourceCustomFields(ctx, order.CustomField_Values);
  const { totals, exception } = mapTotals(
    products.products,
    discounts.totalCents,
    otherCharges.totals,
    readCents(ctx, order.total, '', -1, 'total'),
  );

  const exceptions: OmsException[] = exception === null ? [] : [exception];
  for (const e of payments.exceptions) {
    exceptions.push(e);
  }

  return {
    source: 'miva',
    sourceOrderId: orderId,
    status: orderStatusName(statusCode),
    sourceStatus: statusCode,
    placedAt: isoFromUnix(ctx, order.orderdate, '', -1, 'orderdate'),
    sourceUpdatedAt: optionalIsoFromUnix(ctx, order.dt_updated, '', -1, 'dt_updated'),
    currency: settings.currency?.trim() || DEFAULT_CURRENCY,
    customer: mapCustomer(ctx, order),
    billTo: mapBillTo(order),
    shipTo: mapShipTo(order),
    shippingMethod: mapShippingMethod(order, charges.others),
    lines: products.lines.concat(discounts.lines),
    charges: otherCharges.charges,
    payments: payments.payments,
    notes: mapNotes(ctx, order.notes),
    customFields: mapCustomFields(sourceCustomFields, settings.customFieldMappings ?? []),
    sourceCustomFields,
    customerComments: discounts.comments.length === 0 ? null : discounts.comments.join('\n'),
    totals,
    exceptions,
  };
}
