// Deterministic, realistic Miva orders carrying every on-demand column (MIVA-API.md §5). The
// same seed always gives the same orders. Cases are chosen by order id (cycled) so any run of a few
// hundred consecutive orders covers every gateway and every mapping case; details vary by the PRNG.
import type {
  MivaCharge,
  MivaCoupon,
  MivaCustomer,
  MivaNote,
  MivaOrder,
  MivaOrderDiscount,
  MivaOrderItem,
  MivaReturn,
  MivaShipment,
} from '../modules/miva/miva.models';
import { BULK, CATALOG_BY_CODE, FEATURED } from './catalog';
import { CUSTOMER_CREDIT_FIXTURE, GATEWAY_FIXTURES } from './gateways';
import { formatMoney, formatWeight, itemTotal, recalculateOrder, round2 } from './order-math';
import {
  CARRIERS,
  COMPANIES,
  GIFT_MESSAGES,
  type OrderCase,
  PLACES,
  SHIP_METHODS,
  SIGNIFYD,
} from './generator-data';
import {
  applyItemDiscount,
  buildPayment,
  charge,
  type Ctx,
  cycle,
  emailFor,
  makeItem,
  type PaymentSpec,
  person,
} from './generator-parts';
import { deriveSeed, mulberry32, type Rng } from './rng';

export { generateCatalog, CATALOG } from './catalog';
export { GATEWAY_FIXTURES } from './gateways';

/** 2026-01-01T00:00:00Z: the default generator clock, so output never depends on the wall clock. */
export const DEFAULT_NOW = 1767225600;
export const DEFAULT_FIRST_ORDER_ID = 200001;

export interface GenerateOrdersOptions {
  count: number;
  seed: number;
  firstOrderId?: number;
  /** Unix seconds; orders are dated within the 30 days before it. */
  now?: number;
}

/** Every case the generator covers; `generatedCases(order)` tells which ones an order shows. */
/** Every case the generator covers; `generatedCases(order)` tells which ones an order shows. */
export { ORDER_CASES, type OrderCase } from './generator-data';

export function generateOrder(rng: Rng, id: number, now: number = DEFAULT_NOW): MivaOrder {
  const ctx: Ctx = {
    rng,
    id,
    now,
    orderdate: now - rng.int(3600, 30 * 86400),
    lineSeq: 0,
    optionSeq: 0,
    cases: new Set(),
  };
  const gateway = GATEWAY_FIXTURES[id % GATEWAY_FIXTURES.length];
  const statusCase = cycle(id, 1, 10) === 0 ? 0 : (id * 7) % 10; // spread statuses independently of the gateway
  const discountCase = cycle(id, 3, 7);
  const flow = cycle(id, GATEWAY_FIXTURES.length, 6);
  const large = id % 97 === 13;
  const missingArrays = id % 23 === 5;
  const guest = id % 9 === 4;

  const buyer = person(rng);
  const shipTo = rng.chance(0.8) ? buyer : person(rng);
  const place = rng.pick(PLACES);
  const billPlace = rng.chance(0.85) ? place : rng.pick(PLACES);
  const email = emailFor(buyer.first, buyer.last, rng);
  const phone = `+1 ${rng.int(200, 989)}-555-${String(rng.int(0, 9999)).padStart(4, '0')}`;
  const company = rng.pick(COMPANIES);
  const shipMethod = rng.pick(SHIP_METHODS);
  const custId = guest ? 0 : 5000 + (id % 1500);
  const login = guest ? '' : emailFor(buyer.first, buyer.last, rng).split('@')[0];
  const addr1 = `${rng.int(1, 9999)} ${place.street}`;
  const addr2 = rng.chance(0.25) ? `Apt ${rng.int(1, 40)}${rng.pick(['', 'B', 'º'])}` : '';
  const billAddr1 = billPlace === place ? addr1 : `${rng.int(1, 999)} ${billPlace.street}`;
  if (guest) {
    ctx.cases.add('guest');
  }
  for (const s of [buyer.first, buyer.last, shipTo.first, shipTo.last, place.city, company]) {
    if (/[^\x20-\x7e]/.test(s)) {
      ctx.cases.add('non_ascii');
    }
  }

  const order: MivaOrder = {
    id,
    pay_id: 0,
    batch_id: 0,
    status: 0,
    pay_status: 0,
    stk_status: 0,
    dt_instock: 0,
    orderdate: ctx.orderdate,
    cust_id: custId,
    ship_res: company === '',
    ship_fname: shipTo.first,
    ship_lname: shipTo.last,
    ship_email: email,
    ship_comp: company,
    ship_phone: phone,
    ship_fax: '',
    ship_addr1: addr1,
    ship_addr2: addr2,
    ship_city: place.city,
    ship_state: place.state,
    ship_zip: place.zip,
    ship_cntry: place.cntry,
    bill_fname: buyer.first,
    bill_lname: buyer.last,
    bill_email: email,
    bill_comp: company,
    bill_phone: phone,
    bill_fax: '',
    bill_addr1: billAddr1,
    bill_addr2: billPlace === place ? addr2 : '',
    bill_city: billPlace.city,
    bill_state: billPlace.state,
    bill_zip: billPlace.zip,
    bill_cntry: billPlace.cntry,
    ship_id: shipMethod.id,
    ship_data: shipMethod.code,
    ship_method: shipMethod.name,
    cust_login: login,
    cust_pw_email: guest ? '' : email,
    business_title: company !== '' && !guest ? company : '',
    payment_module: '',
    source: '',
    source_id: 0,
    total: 0,
    formatted_total: '',
    total_ship: 0,
    formatted_total_ship: '',
    total_tax: 0,
    formatted_total_tax: '',
    total_auth: 0,
    formatted_total_auth: '',
    total_capt: 0,
    formatted_total_capt: '',
    total_rfnd: 0,
    formatted_total_rfnd: '',
    net_capt: 0,
    formatted_net_capt: '',
    pend_count: 0,
    bord_count: 0,
    note_count: 0,
    dt_updated: ctx.orderdate,
  };

  // ---- items
  const items: MivaOrderItem[] = [];
  if (large) {
    ctx.cases.add('large_order');
    const n = rng.int(150, 180);
    for (let i = 0; i < n; i++) {
      items.push(makeItem(ctx, BULK[i % BULK.length], rng.int(1, 12), false));
    }
  } else {
    const n = rng.int(1, 5);
    const used = new Set<string>();
    // Every 4th order carries a kit; every order gets at least one product with options when it can.
    if (id % 4 === 1) {
      const kit = id % 8 === 1 ? 'KIT-STARTER' : 'KIT-GIFTBOX';
      items.push(makeItem(ctx, CATALOG_BY_CODE.get(kit)!, rng.int(1, 3), true));
      used.add(kit);
    }
    while (items.length < n) {
      const entry = rng.pick(FEATURED.filter((e) => !e.parts));
      if (used.has(entry.code) && !entry.attributes) {
        continue;
      }
      used.add(entry.code);
      items.push(makeItem(ctx, entry, rng.int(1, 4), true));
    }
    if (id % 6 === 2 && !items.some((i) => i.options?.some((o) => o.attr_code === 'size'))) {
      items.push(makeItem(ctx, CATALOG_BY_CODE.get('TSHIRT')!, rng.int(1, 3), true));
    }
  }
  order.items = items;

  // ---- item-level (price group) discounts
  const discounts: MivaOrderDiscount[] = [];
  const coupons: MivaCoupon[] = [];
  const addPgrpDiscount = (pgrpId: number, name: string, descrip: string, pct: number): number => {
    let total = 0;
    for (const item of items) {
      if (item.parts && item.parts.length > 0) {
        continue;
      }
      total = round2(total + applyItemDiscount(item, pgrpId, descrip, pct, ctx));
    }
    discounts.push({ order_id: id, pgrp_id: pgrpId, name, descrip, total });
    return total;
  };
  if (!large && (discountCase === 1 || discountCase === 6)) {
    addPgrpDiscount(3, 'Summer Sale', 'Summer Sale 10% Off', 0.1);
    ctx.cases.add('item_discount');
  }
  if (!large && discountCase === 2) {
    const total = addPgrpDiscount(4, 'VIP Coupon', 'VIP 15% Off', 0.15);
    coupons.push({ order_id: id, coupon_id: 21, code: 'VIP15', descrip: 'VIP 15% Off', total });
    ctx.cases.add('item_discount');
    ctx.cases.add('item_discount_with_coupon');
  }

  // ---- statuses
  const statusNames = [
    'pending',
    'processing',
    'shipped',
    'partially_shipped',
    'item_cancelled',
    'cancelled',
    'backordered',
    'item_backordered',
    'returned',
    'rma',
  ];
  const sc = statusNames[statusCase];
  const shipments: MivaShipment[] = [];
  const returns: MivaReturn[] = [];
  const carrier = rng.pick(CARRIERS);
  const makeShipment = (status: number, seq: number): MivaShipment => {
    const sid = id * 10 + seq;
    const shipDate = status === 200 ? Math.min(now, ctx.orderdate + rng.int(3600, 3 * 86400)) : 0;
    const d = new Date(ctx.orderdate * 1000);
    const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    const tracknum = status === 200 ? carrier.num(rng) : '';
    const cost = status === 200 ? round2(shipMethod.cost * 0.8) : 0;
    return {
      id: sid,
      code: `${String(id).padStart(5, '0')}-${ymd}-${String(sid).padStart(5, '0')}`,
      batch_id: 0,
      order_id: id,
      status,
      labelcount: 0,
      ship_date: shipDate,
      tracknum,
      tracktype: status === 200 ? carrier.type : '',
      tracklink:
        status === 200 && carrier.type === 'UPS'
          ? `https://www.ups.com/track?tracknum=${tracknum}`
          : '',
      weight: 0,
      formatted_weight: formatWeight(0),
      cost,
      formatted_cost: formatMoney(cost),
    };
  };
  const assign = (list: MivaOrderItem[], shipment: MivaShipment, itemStatus: number): void => {
    for (const it of list) {
      it.status = itemStatus;
      it.shpmnt_id = shipment.id;
    }
    shipment.weight = round2(list.reduce((w, it) => w + it.weight * it.quantity, 0));
    shipment.formatted_weight = formatWeight(shipment.weight);
  };
  switch (sc) {
    case 'pending':
      ctx.cases.add('status_pending');
      break;
    case 'processing': {
      const s = makeShipment(100, 1);
      assign(items, s, 100);
      shipments.push(s);
      ctx.cases.add('status_processing');
      break;
    }
    case 'shipped': {
      if (items.length >= 2 && rng.chance(0.5)) {
        const half = Math.ceil(items.length / 2);
        const a = makeShipment(200, 1);
        const b = makeShipment(200, 2);
        assign(items.slice(0, half), a, 200);
        assign(items.slice(half), b, 200);
        shipments.push(a, b);
        ctx.cases.add('multiple_shipments');
      } else {
        const s = makeShipment(200, 1);
        assign(items, s, 200);
        shipments.push(s);
      }
      ctx.cases.add('status_shipped');
      break;
    }
    case 'partially_shipped': {
      if (items.length < 2) {
        items.push(makeItem(ctx, CATALOG_BY_CODE.get('SOCKS')!, 2, true));
      }
      const s = makeShipment(200, 1);
      assign(items.slice(0, 1), s, 200);
      shipments.push(s);
      ctx.cases.add('status_partially_shipped');
      break;
    }
    case 'item_cancelled': {
      if (items.length < 2) {
        items.push(makeItem(ctx, CATALOG_BY_CODE.get('PEN')!, 3, false));
      }
      items[items.length - 1].status = 300;
      ctx.cases.add('item_cancelled');
      break;
    }
    case 'cancelled':
      for (const it of items) {
        it.status = 300;
      }
      ctx.cases.add('status_cancelled');
      ctx.cases.add('item_cancelled');
      break;
    case 'backordered':
      for (const it of items) {
        it.status = 400;
        it.dt_instock = now + rng.int(2, 40) * 86400;
      }
      ctx.cases.add('status_backordered');
      ctx.cases.add('item_backordered');
      break;
    case 'item_backordered': {
      if (items.length < 2) {
        items.push(makeItem(ctx, CATALOG_BY_CODE.get('BOTTLE')!, 1, true));
      }
      items[0].status = 400;
      items[0].dt_instock = now + rng.int(2, 40) * 86400;
      ctx.cases.add('item_backordered');
      break;
    }
    case 'returned':
    case 'rma': {
      const s = makeShipment(200, 1);
      assign(items, s, 200);
      shipments.push(s);
      const rid = id * 10 + 1;
      const st = sc === 'returned' ? 600 : 500;
      const ret: MivaReturn = {
        id: rid,
        order_id: id,
        code: `${id}-${String(rid).padStart(5, '0')}`,
        status: st,
        dt_issued: s.ship_date + 5 * 86400,
        dt_recvd: st === 600 ? s.ship_date + 9 * 86400 : 0,
      };
      returns.push(ret);
      const returned = items.length > 1 ? items.slice(0, 1) : items;
      for (const it of returned) {
        it.status = st;
        it.rma_id = rid;
        it.rma_code = ret.code;
        it.rma_dt_issued = ret.dt_issued;
        it.rma_dt_recvd = ret.dt_recvd;
      }
      ctx.cases.add(sc === 'returned' ? 'status_returned' : 'status_rma_issued');
      break;
    }
    default:
      break;
  }

  // ---- totals of items, taxes
  const taxRate = place.cntry === 'US' ? rng.pick([0.0625, 0.0725, 0.08875, 0.0825]) : 0;
  let taxSum = 0;
  for (const it of items) {
    it.total = itemTotal(it);
    it.formatted_total = formatMoney(it.total);
    it.tax = it.taxable && it.status !== 300 ? round2(it.total * taxRate) : 0;
    it.formatted_tax = formatMoney(it.tax);
    taxSum = round2(taxSum + it.tax);
  }
  const live = items.filter((i) => i.status !== 300);
  const itemsTotal = round2(live.reduce((s, i) => s + i.total, 0));

  // ---- charges (a fully cancelled order keeps no charge, as Miva drops shipping/handling)
  const charges: MivaCharge[] = [];
  let seq = 0;
  if (live.length > 0) {
    charges.push(charge(order, ++seq, shipMethod.id, 'SHIPPING', shipMethod.name, shipMethod.cost));
    ctx.cases.add('shipping_charge');
    if (taxSum > 0) {
      charges.push(charge(order, ++seq, 20, 'TAX', `${place.state} Sales Tax`, taxSum));
      ctx.cases.add('tax_charge');
    }
    if (id % 5 === 3) {
      charges.push(charge(order, ++seq, 21, 'HANDLING', 'Handling fee', 2.5));
      ctx.cases.add('handling_charge');
    }
    if (id % 11 === 6) {
      charges.push(charge(order, ++seq, 22, 'CUSTOM', 'Gift wrapping 🎁', 4.95));
      ctx.cases.add('custom_charge');
    }
    const cap = Math.max(0, round2(itemsTotal - 0.01));
    if (discountCase === 3 && cap >= 5) {
      charges.push(charge(order, ++seq, 23, 'DISCOUNT', 'Welcome $5 Off', -5));
      coupons.push({
        order_id: id,
        coupon_id: 22,
        code: 'WELCOME5',
        descrip: 'Welcome $5 Off',
        total: 5,
      });
      discounts.push({
        order_id: id,
        pgrp_id: 5,
        name: 'Welcome',
        descrip: 'Welcome $5 Off',
        total: 5,
      });
      ctx.cases.add('order_coupon_charge_same_descrip');
    } else if (discountCase === 4) {
      charges.push(
        charge(order, ++seq, 23, 'DISCOUNT', 'Coupon FREESHIP applied', -shipMethod.cost),
      );
      coupons.push({
        order_id: id,
        coupon_id: 23,
        code: 'FREESHIP',
        descrip: 'Free shipping promotion',
        total: shipMethod.cost,
      });
      discounts.push({
        order_id: id,
        pgrp_id: 6,
        name: 'Free Shipping',
        descrip: 'Coupon FREESHIP applied',
        total: shipMethod.cost,
      });
      ctx.cases.add('order_coupon_code_in_charge');
    } else if (discountCase === 5 && cap >= 3) {
      charges.push(charge(order, ++seq, 24, 'DISCOUNT', 'Loyalty reward', -3));
      discounts.push({
        order_id: id,
        pgrp_id: 7,
        name: 'Loyalty',
        descrip: 'Loyalty reward',
        total: 3,
      });
      ctx.cases.add('discount_charge_without_coupon');
    }
  }
  if (discountCase === 6) {
    coupons.push({
      order_id: id,
      coupon_id: 24,
      code: 'NEWSLETTER',
      descrip: 'Newsletter sign-up',
      total: 0,
    });
    ctx.cases.add('coupon_without_effect');
  }
  order.charges = charges;
  order.coupons = coupons;
  order.discounts = discounts;
  order.shipments = shipments;
  order.returns = returns;
  recalculateOrder(order); // totals from items and charges; payments come next
  const total = order.total;

  // ---- payments
  const payer = `${buyer.first} ${buyer.last}`;
  const specs: PaymentSpec[] = [];
  const fixture = gateway;
  let primary = total;
  if (flow === 5 && fixture !== CUSTOMER_CREDIT_FIXTURE && !guest && total > 10) {
    const credit = round2(Math.min(total - 1, rng.int(5, 25)));
    specs.push({ fixture: CUSTOMER_CREDIT_FIXTURE, type: 5, amount: credit, offset: 5 });
    primary = round2(total - credit);
    ctx.cases.add('split_payment');
  }
  if (flow === 3 && sc !== 'cancelled') {
    specs.push({ fixture, type: 0, amount: primary, offset: 10 });
    ctx.cases.add('declined_payment');
  }
  if (sc === 'cancelled') {
    // The authorisation was voided when the order was cancelled (its total is now 0).
    const authAmount = round2(itemsTotal + shipMethod.cost);
    specs.push({ fixture, type: 3, amount: authAmount, offset: 20 });
    specs.push({ fixture, type: 7, amount: authAmount, offset: 86400 });
    ctx.cases.add('void');
  } else if (flow === 0 && sc !== 'returned' && sc !== 'rma') {
    specs.push({ fixture, type: 3, amount: primary, offset: 20 });
  } else if (flow <= 1 || flow === 3 || flow === 5) {
    specs.push({ fixture, type: 5, amount: primary, offset: 20 });
  } else if (flow === 2) {
    specs.push({ fixture, type: 3, amount: primary, offset: 20 });
    specs.push({ fixture, type: 4, amount: primary, offset: 3600 });
  } else {
    specs.push({ fixture, type: 1, amount: primary, offset: 20 });
    specs.push({ fixture, type: 2, amount: primary, offset: 3600 });
    ctx.cases.add('legacy_payment_types');
  }
  if (sc === 'returned') {
    const refundItems = items.filter((i) => i.status === 600);
    const refund = round2(refundItems.reduce((s, i) => s + i.total, 0));
    if (refund > 0) {
      specs.push({ fixture, type: 6, amount: refund, offset: 12 * 86400 });
      ctx.cases.add('refund');
    }
  }
  order.payments = specs.map((s, i) => buildPayment(ctx, order, i + 1, s, payer));
  if (gateway.encrypted) {
    ctx.cases.add('encrypted_payment');
  }
  const newest = order.payments[order.payments.length - 1];
  order.payment_module = newest.module?.name ?? 'None';

  // ---- notes
  const notes: MivaNote[] = [];
  const noteBase = {
    cust_id: custId,
    account_id: 0,
    order_id: id,
    cust_login: login,
    business_title: order.business_title ?? '',
  };
  if (id % 3 === 0) {
    notes.push({
      id: id * 10 + 1,
      ...noteBase,
      user_id: 0,
      notetext: 'Order placed via storefront checkout.',
      dtstamp: ctx.orderdate + 1,
      admin_user: '',
    });
    ctx.cases.add('system_note');
  }
  if (id % 4 === 2) {
    notes.push({
      id: id * 10 + 2,
      ...noteBase,
      user_id: 1,
      notetext: rng.pick([
        'Customer called: please leave at the back door 🚪',
        'Bitte nicht knicken!',
        'VIP customer — include a thank-you card.',
        '配達前に電話してください',
      ]),
      dtstamp: ctx.orderdate + 600,
      admin_user: 'admin',
    });
    ctx.cases.add('admin_note');
  }
  order.notes = notes;

  // ---- customer
  if (!guest) {
    const credit = round2(rng.int(0, 5000) / 100);
    const customer: MivaCustomer = {
      id: custId,
      account_id: 0,
      login,
      pw_email: email,
      ship_id: 0,
      ship_res: order.ship_res,
      ship_fname: order.ship_fname,
      ship_lname: order.ship_lname,
      ship_email: order.ship_email,
      ship_comp: order.ship_comp,
      ship_phone: order.ship_phone,
      ship_fax: '',
      ship_addr1: order.ship_addr1,
      ship_addr2: order.ship_addr2,
      ship_city: order.ship_city,
      ship_state: order.ship_state,
      ship_zip: order.ship_zip,
      ship_cntry: order.ship_cntry,
      bill_id: 0,
      bill_fname: order.bill_fname,
      bill_lname: order.bill_lname,
      bill_email: order.bill_email,
      bill_comp: order.bill_comp,
      bill_phone: order.bill_phone,
      bill_fax: '',
      bill_addr1: order.bill_addr1,
      bill_addr2: order.bill_addr2,
      bill_city: order.bill_city,
      bill_state: order.bill_state,
      bill_zip: order.bill_zip,
      bill_cntry: order.bill_cntry,
      tax_exempt: false,
      order_cnt: 1 + (id % 7),
      order_avg: total,
      formatted_order_avg: formatMoney(total),
      order_tot: round2(total * (1 + (id % 7))),
      formatted_order_tot: formatMoney(round2(total * (1 + (id % 7)))),
      note_count: 0,
      dt_created: ctx.orderdate - 200 * 86400,
      dt_updated: ctx.orderdate - 3 * 86400,
      dt_login: ctx.orderdate - 60,
      dt_pwchg: ctx.orderdate - 200 * 86400,
      credit,
      formatted_credit: formatMoney(credit),
    };
    order.customer = customer;
  }

  // ---- custom fields (+ orderworkflow queue flags)
  const customfields: Record<string, string | number> = {
    SignifydGuaranteeDisposition: SIGNIFYD[id % SIGNIFYD.length],
  };
  ctx.cases.add('signifyd');
  if (rng.chance(0.4)) {
    customfields.gift_msg = rng.pick(GIFT_MESSAGES);
  }
  if (rng.chance(0.3)) {
    customfields.delivery_date = new Date((now + rng.int(2, 20) * 86400) * 1000)
      .toISOString()
      .slice(0, 10);
  }
  customfields.loyalty_points = rng.int(0, 2500);
  order.CustomField_Values = {
    customfields,
    orderworkflow: { new_and_updated: '1', successfully_retrieved_orders: '' },
  };
  for (const v of [
    ...Object.values(customfields),
    ...notes.map((n) => n.notetext),
    ...items.map((i) => i.name),
    ...charges.map((c) => c.descrip),
  ]) {
    if (typeof v === 'string' && /\p{Extended_Pictographic}/u.test(v)) {
      ctx.cases.add('emoji');
    }
  }

  recalculateOrder(order);
  order.dt_updated = Math.min(
    now,
    Math.max(
      ctx.orderdate,
      ...order.payments.map((p) => p.dtstamp),
      ...shipments.map((s) => s.ship_date),
    ),
  );

  if (missingArrays) {
    // Some stores/versions omit empty optional arrays entirely; consumers must cope.
    delete order.coupons;
    delete order.discounts;
    delete order.returns;
    if (order.notes.length === 0) {
      delete order.notes;
    }
    for (const it of order.items) {
      if ((it.discounts ?? []).length === 0) {
        delete it.discounts;
      }
      if ((it.parts ?? []).length === 0) {
        delete it.parts;
      }
    }
    ctx.cases.add('missing_optional_arrays');
  }
  CASES.set(order, ctx.cases);
  return order;
}

const CASES = new WeakMap<MivaOrder, Set<OrderCase>>();

/** The cases a generated order exercises (only for orders produced by this module). */
export function generatedCases(order: MivaOrder): ReadonlySet<OrderCase> {
  return CASES.get(order) ?? new Set();
}

/** `count` deterministic orders with consecutive ids from `firstOrderId`. */
export function generateOrders(opts: GenerateOrdersOptions): MivaOrder[] {
  const first = opts.firstOrderId ?? DEFAULT_FIRST_ORDER_ID;
  const now = opts.now ?? DEFAULT_NOW;
  const out: MivaOrder[] = [];
  for (let i = 0; i < opts.count; i++) {
    const id = first + i;
    out.push(generateOrder(mulberry32(deriveSeed(opts.seed, id)), id, now));
  }
  return out;
}
