// Deterministic, realistic Miva orders carrying every on-demand column (docs/MIVA.md). The
// same seed always gives the same orders. Cases are chosen by order id (cycled) so any run of a few
// hundred consecutive orders covers every gateway and every mapping case; details vary by the PRNG.
// Each section of an order is built in its own generator-*.ts file; the PRNG is drawn from in the
// order of the sections below, so reordering them changes every generated order.
import type { MivaOrder } from '../miva-model/miva.models';
import { GATEWAY_FIXTURES, type GatewayFixture } from './gateways';
import { orderCharges } from './generator-charges';
import { drawContact, generateCustomer, newOrder } from './generator-customer';
import type { OrderCase } from './generator-data';
import { generateItems, priceGroupDiscounts, totalItems } from './generator-items';
import { generateCustomFields, generateNotes } from './generator-notes';
import { type Ctx, cycle } from './generator-parts';
import { generatePayments } from './generator-payments';
import { applyStatus, ORDER_STATUSES, type OrderStatus } from './generator-statuses';
import { recalculateOrder } from './order-math';
import { deriveSeed, mulberry32, pickAt, type Rng } from './rng';

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
export { ORDER_CASES, type OrderCase } from './generator-data';

/** The cases an order id selects; everything else about the order comes from the PRNG. */
interface OrderPlan {
  gateway: GatewayFixture;
  status: OrderStatus;
  discountCase: number;
  flow: number;
  large: boolean;
  missingArrays: boolean;
  guest: boolean;
}

function planOrder(id: number): OrderPlan {
  return {
    gateway: pickAt(GATEWAY_FIXTURES, id),
    // spread statuses independently of the gateway
    status: pickAt(ORDER_STATUSES, cycle(id, 1, 10) === 0 ? 0 : (id * 7) % 10),
    discountCase: cycle(id, 3, 7),
    flow: cycle(id, GATEWAY_FIXTURES.length, 6),
    large: id % 97 === 13,
    missingArrays: id % 23 === 5,
    guest: id % 9 === 4,
  };
}

/**
 * Generates one order. Cases cycle with `id`; the PRNG varies everything else. `rng` is consumed,
 * so pass a dedicated stream (generateOrders derives one per order from the seed and the id).
 */
export function generateOrder(rng: Rng, id: number, now: number = DEFAULT_NOW): MivaOrder {
  const orderdate = now - rng.int(3600, 30 * 86400);
  const ctx: Ctx = { rng, id, now, orderdate, lineSeq: 0, optionSeq: 0, cases: new Set() };
  const plan = planOrder(id);
  const contact = drawContact(ctx, plan.guest);
  const order = newOrder(ctx, contact);
  const ship = contact.shipMethod;

  const items = generateItems(ctx, plan.large);
  order.items = items;
  const itemLevel = priceGroupDiscounts(ctx, items, plan.discountCase, plan.large);
  const { shipments, returns } = applyStatus(ctx, items, plan.status, ship.cost);
  const { taxSum, itemsTotal, anyLive } = totalItems(ctx, items, contact.place.cntry);
  const orderLevel = orderCharges(ctx, order, {
    discountCase: plan.discountCase,
    ship,
    taxState: contact.place.state,
    taxSum,
    itemsTotal,
    anyLive,
  });
  order.charges = orderLevel.charges;
  order.coupons = [...itemLevel.coupons, ...orderLevel.coupons];
  order.discounts = [...itemLevel.discounts, ...orderLevel.discounts];
  order.shipments = shipments;
  order.returns = returns;
  recalculateOrder(order); // totals from items and charges; payments come next

  const payments = generatePayments(ctx, order, {
    gateway: plan.gateway,
    flow: plan.flow,
    status: plan.status,
    guest: plan.guest,
    itemsTotal,
    shipCost: ship.cost,
  });
  order.payments = payments;
  order.payment_module = payments.at(-1)?.module?.name ?? 'None';
  order.notes = generateNotes(ctx, order);
  if (!plan.guest) {
    order.customer = generateCustomer(ctx, contact, order);
  }
  order.CustomField_Values = generateCustomFields(ctx);

  noteEmoji(ctx, order);
  recalculateOrder(order);
  order.dt_updated = lastActivity(order, now);
  if (plan.missingArrays) {
    dropEmptyOptionalArrays(ctx, order);
  }
  CASES.set(order, ctx.cases);
  return order;
}

function noteEmoji(ctx: Ctx, order: MivaOrder): void {
  for (const v of [
    ...Object.values(order.CustomField_Values?.customfields ?? {}),
    ...(order.notes ?? []).map((n) => n.notetext),
    ...(order.items ?? []).map((i) => i.name),
    ...(order.charges ?? []).map((c) => c.descrip),
  ]) {
    if (typeof v === 'string' && /\p{Extended_Pictographic}/u.test(v)) {
      ctx.cases.add('emoji');
    }
  }
}

/** The latest of the order date, its payments and its shipments, never after `now`. */
function lastActivity(order: MivaOrder, now: number): number {
  return Math.min(
    now,
    Math.max(
      order.orderdate,
      ...(order.payments ?? []).map((p) => p.dtstamp),
      ...(order.shipments ?? []).map((s) => s.ship_date),
    ),
  );
}

/** Some stores/versions omit empty optional arrays entirely; consumers must cope. */
function dropEmptyOptionalArrays(ctx: Ctx, order: MivaOrder): void {
  delete order.coupons;
  delete order.discounts;
  delete order.returns;
  if (order.notes?.length === 0) {
    delete order.notes;
  }
  for (const it of order.items ?? []) {
    if ((it.discounts ?? []).length === 0) {
      delete it.discounts;
    }
    if ((it.parts ?? []).length === 0) {
      delete it.parts;
    }
  }
  ctx.cases.add('missing_optional_arrays');
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
