// Miva's order arithmetic and status derivation (docs/MIVA.md §6.2, §6.3), shared by the
// generator (to build consistent orders) and the simulator (to recalculate after mutations).
import type { MivaOrder, MivaOrderItem, MivaPayment } from '../miva-model/miva.models';

/** Rounds to 2 decimals the way money is rounded (half away from zero, float-safe). */
export function round2(n: number): number {
  const sign = n < 0 ? -1 : 1;
  return (sign * Math.round(Math.abs(n) * 100 + 1e-9)) / 100;
}

/** Miva's default currency formatting: `$1,234.50`, `-$3.00`. */
export function formatMoney(n: number): string {
  const abs = Math.abs(round2(n)).toFixed(2);
  const [whole = '', cents = ''] = abs.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 && round2(n) !== 0 ? '-' : ''}$${grouped}.${cents}`;
}

export function formatWeight(w: number): string {
  return `${w.toFixed(2)} pounds`;
}

/** An item's total: round2((price + Σ option price) × quantity) (§12). */
export function itemTotal(item: Pick<MivaOrderItem, 'price' | 'quantity' | 'options'>): number {
  let unit = item.price;
  for (const o of item.options ?? []) {
    unit += o.price;
  }
  return round2(unit * item.quantity);
}

const SHIPPED_LIKE = new Set([200, 210, 211, 220, 221]);
const SHIPPED_OR_RETURNED = new Set([200, 500, 600]);

/** The order status derived from its item statuses (`Order_Update_Status`, §6). */
export function deriveOrderStatus(statuses: readonly number[]): number {
  if (statuses.length === 0) {
    return 0;
  }
  if (statuses.every((s) => s === 300)) {
    return 300;
  }
  const rest = statuses.filter((s) => s !== 300 && s !== 999);
  const all = (pred: (s: number) => boolean): boolean => rest.every(pred);
  if (all((s) => s === 0)) {
    return 0;
  }
  if (all((s) => s === 200)) {
    return 200;
  }
  if (all((s) => SHIPPED_LIKE.has(s))) {
    return 200;
  }
  if (all((s) => s === 400)) {
    return 400;
  }
  if (all((s) => s === 500)) {
    return 500;
  }
  if (all((s) => s === 600)) {
    return 600;
  }
  if (all((s) => SHIPPED_OR_RETURNED.has(s))) {
    return 200;
  }
  if (rest.some((s) => SHIPPED_LIKE.has(s))) {
    return 201;
  }
  return 100;
}

/** Payment totals per `Order_Update_PaymentTotals` (§5.1). */
export function paymentTotals(payments: readonly MivaPayment[]): {
  total_auth: number;
  total_capt: number;
  total_rfnd: number;
  net_capt: number;
} {
  let auth = 0;
  let capt = 0;
  let rfnd = 0;
  for (const p of payments) {
    switch (p.type) {
      case 1:
      case 3:
        auth += p.amount;
        break;
      case 2:
      case 4:
        capt += p.amount;
        break;
      case 5:
        auth += p.amount;
        capt += p.amount;
        break;
      case 6:
        rfnd += p.amount;
        break;
      default:
        break;
    }
  }
  return {
    total_auth: round2(auth),
    total_capt: round2(capt),
    total_rfnd: round2(rfnd),
    net_capt: round2(capt - rfnd),
  };
}

/**
 * Recomputes every derived order field from the order's items, charges and payments: totals,
 * formatted totals, status, pend/bord counts, dt_instock, note_count and pay_id. Item `total`s are
 * recomputed from price, options and quantity; each charge's formatted amount is refreshed.
 */
export function recalculateOrder(order: MivaOrder): void {
  const items = order.items ?? [];
  let itemSum = 0;
  let pend = 0;
  let bord = 0;
  let instock = 0;
  for (const item of items) {
    item.total = itemTotal(item);
    item.formatted_total = formatMoney(item.total);
    if (item.status !== 300) {
      itemSum += item.total;
    }
    if (item.status === 0) {
      pend++;
    }
    if (item.status === 400) {
      bord++;
    }
    instock = Math.max(instock, item.dt_instock);
  }
  let chargeSum = 0;
  let ship = 0;
  let tax = 0;
  for (const c of order.charges ?? []) {
    c.amount = round2(c.amount);
    c.formatted_amount = formatMoney(c.amount);
    chargeSum += c.amount;
    if (c.type === 'SHIPPING') {
      ship += c.amount;
    } else if (c.type === 'TAX') {
      tax += c.amount;
    }
  }
  order.total = round2(round2(itemSum) + round2(chargeSum));
  order.formatted_total = formatMoney(order.total);
  order.total_ship = round2(ship);
  order.formatted_total_ship = formatMoney(order.total_ship);
  order.total_tax = round2(tax);
  order.formatted_total_tax = formatMoney(order.total_tax);
  const payments = order.payments ?? [];
  const pt = paymentTotals(payments);
  order.total_auth = pt.total_auth;
  order.total_capt = pt.total_capt;
  order.total_rfnd = pt.total_rfnd;
  order.net_capt = pt.net_capt;
  order.formatted_total_auth = formatMoney(pt.total_auth);
  order.formatted_total_capt = formatMoney(pt.total_capt);
  order.formatted_total_rfnd = formatMoney(pt.total_rfnd);
  order.formatted_net_capt = formatMoney(pt.net_capt);
  if (payments.length > 0) {
    const newest = payments.reduce((a, b) =>
      b.dtstamp > a.dtstamp || (b.dtstamp === a.dtstamp && b.id > a.id) ? b : a,
    );
    order.pay_id = newest.pay_id;
  }
  if (order.items) {
    order.status = deriveOrderStatus(items.map((i) => i.status));
    order.pend_count = pend;
    order.bord_count = bord;
    order.dt_instock = instock;
  }
  if (order.notes) {
    order.note_count = order.notes.length;
  }
}
