// The lines of a generated order: which products, their price-group (item-level) discounts, and
// their totals and taxes once the statuses are known.
import type { MivaCoupon, MivaOrderDiscount, MivaOrderItem } from '../miva-model/miva.models';
import { BULK, CATALOG_BY_CODE, FEATURED } from './catalog';
import { itemTotal, formatMoney, round2 } from './order-math';
import { applyItemDiscount, type Ctx, makeItem } from './generator-parts';
import { pickAt } from './rng';

export function generateItems(ctx: Ctx, large: boolean): MivaOrderItem[] {
  return large ? largeOrderItems(ctx) : everydayItems(ctx);
}

/** 150-180 bulk lines without options: the order that stresses paging and payload sizes. */
function largeOrderItems(ctx: Ctx): MivaOrderItem[] {
  const { rng } = ctx;
  ctx.cases.add('large_order');
  const items: MivaOrderItem[] = [];
  const n = rng.int(150, 180);
  for (let i = 0; i < n; i++) {
    items.push(makeItem(ctx, pickAt(BULK, i), rng.int(1, 12), false));
  }
  return items;
}

/** 1-5 featured products; every 4th order carries a kit, every 6th a product with a size. */
function everydayItems(ctx: Ctx): MivaOrderItem[] {
  const { rng, id } = ctx;
  const items: MivaOrderItem[] = [];
  const n = rng.int(1, 5);
  const used = new Set<string>();
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
  return items;
}

export interface OrderDiscounts {
  discounts: MivaOrderDiscount[];
  coupons: MivaCoupon[];
}

/**
 * Price-group discounts applied to the items (kits excepted), by `discountCase`: a sale (1, 6) or
 * a coupon-driven price group (2). Large orders carry none.
 */
export function priceGroupDiscounts(
  ctx: Ctx,
  items: MivaOrderItem[],
  discountCase: number,
  large: boolean,
): OrderDiscounts {
  const out: OrderDiscounts = { discounts: [], coupons: [] };
  if (large) {
    return out;
  }
  if (discountCase === 1 || discountCase === 6) {
    out.discounts.push(discountItems(ctx, items, 3, 'Summer Sale', 'Summer Sale 10% Off', 0.1));
    ctx.cases.add('item_discount');
  }
  if (discountCase === 2) {
    const vip = discountItems(ctx, items, 4, 'VIP Coupon', 'VIP 15% Off', 0.15);
    out.discounts.push(vip);
    out.coupons.push({
      order_id: ctx.id,
      coupon_id: 21,
      code: 'VIP15',
      descrip: 'VIP 15% Off',
      total: vip.total,
    });
    ctx.cases.add('item_discount');
    ctx.cases.add('item_discount_with_coupon');
  }
  return out;
}

function discountItems(
  ctx: Ctx,
  items: MivaOrderItem[],
  pgrpId: number,
  name: string,
  descrip: string,
  pct: number,
): MivaOrderDiscount {
  let total = 0;
  for (const item of items) {
    if (item.parts && item.parts.length > 0) {
      continue;
    }
    total = round2(total + applyItemDiscount(item, pgrpId, descrip, pct, ctx));
  }
  return { order_id: ctx.id, pgrp_id: pgrpId, name, descrip, total };
}

export interface ItemTotals {
  /** Sum of the taxes of the taxable, not cancelled items. */
  taxSum: number;
  /** Sum of the totals of the items that are not cancelled. */
  itemsTotal: number;
  /** Whether any item is not cancelled. */
  anyLive: boolean;
}

/** Fills each item's total and tax (a sales-tax rate for US destinations) and sums them. */
export function totalItems(ctx: Ctx, items: MivaOrderItem[], shipCountry: string): ItemTotals {
  const taxRate = shipCountry === 'US' ? ctx.rng.pick([0.0625, 0.0725, 0.08875, 0.0825]) : 0;
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
  return { taxSum, itemsTotal, anyLive: live.length > 0 };
}
