// The order-level money of a generated order: shipping, tax, handling and custom charges, and the
// order-level discounts in the shapes Miva stores them (a DISCOUNT charge, with or without a coupon).
import type { MivaCharge, MivaOrder } from '../miva-model/miva.models';
import type { OrderCase } from './generator-data';
import type { OrderDiscounts } from './generator-items';
import { charge, type Ctx } from './generator-parts';
import { round2 } from './order-math';

export interface ChargeInput {
  discountCase: number;
  ship: { id: number; name: string; cost: number };
  /** The state named in the sales-tax charge. */
  taxState: string;
  taxSum: number;
  itemsTotal: number;
  /** False when every item is cancelled: Miva then drops shipping and handling. */
  anyLive: boolean;
}

export interface OrderCharges extends OrderDiscounts {
  charges: MivaCharge[];
}

export function orderCharges(ctx: Ctx, order: MivaOrder, input: ChargeInput): OrderCharges {
  const out: OrderCharges = { charges: [], coupons: [], discounts: [] };
  if (input.anyLive) {
    addFees(ctx, order, input, out.charges);
    const discount = orderLevelDiscount(input);
    if (discount) {
      addOrderDiscount(ctx, order, discount, out);
    }
  }
  if (input.discountCase === 6) {
    out.coupons.push({
      order_id: ctx.id,
      coupon_id: 24,
      code: 'NEWSLETTER',
      descrip: 'Newsletter sign-up',
      total: 0,
    });
    ctx.cases.add('coupon_without_effect');
  }
  return out;
}

function addFees(ctx: Ctx, order: MivaOrder, input: ChargeInput, charges: MivaCharge[]): void {
  const { id } = ctx;
  const add = (moduleId: number, type: string, descrip: string, amount: number): void => {
    charges.push(charge(order, charges.length + 1, moduleId, type, descrip, amount));
  };
  add(input.ship.id, 'SHIPPING', input.ship.name, input.ship.cost);
  ctx.cases.add('shipping_charge');
  if (input.taxSum > 0) {
    add(20, 'TAX', `${input.taxState} Sales Tax`, input.taxSum);
    ctx.cases.add('tax_charge');
  }
  if (id % 5 === 3) {
    add(21, 'HANDLING', 'Handling fee', 2.5);
    ctx.cases.add('handling_charge');
  }
  if (id % 11 === 6) {
    add(22, 'CUSTOM', 'Gift wrapping 🎁', 4.95);
    ctx.cases.add('custom_charge');
  }
}

/** An order-level discount: a DISCOUNT charge of -total, its price group and maybe a coupon. */
interface OrderLevelDiscount {
  moduleId: number;
  pgrpId: number;
  name: string;
  /** The charge's and the price group's description. */
  descrip: string;
  total: number;
  coupon?: { coupon_id: number; code: string; descrip: string };
  case: OrderCase;
}

/** The order-level discount of `discountCase` 3-5, if the items are worth more than it. */
function orderLevelDiscount(input: ChargeInput): OrderLevelDiscount | null {
  const cap = Math.max(0, round2(input.itemsTotal - 0.01));
  if (input.discountCase === 3 && cap >= 5) {
    return {
      moduleId: 23,
      pgrpId: 5,
      name: 'Welcome',
      descrip: 'Welcome $5 Off',
      total: 5,
      coupon: { coupon_id: 22, code: 'WELCOME5', descrip: 'Welcome $5 Off' },
      case: 'order_coupon_charge_same_descrip',
    };
  }
  if (input.discountCase === 4) {
    return {
      moduleId: 23,
      pgrpId: 6,
      name: 'Free Shipping',
      descrip: 'Coupon FREESHIP applied',
      total: input.ship.cost,
      coupon: { coupon_id: 23, code: 'FREESHIP', descrip: 'Free shipping promotion' },
      case: 'order_coupon_code_in_charge',
    };
  }
  if (input.discountCase === 5 && cap >= 3) {
    return {
      moduleId: 24,
      pgrpId: 7,
      name: 'Loyalty',
      descrip: 'Loyalty reward',
      total: 3,
      case: 'discount_charge_without_coupon',
    };
  }
  return null;
}

function addOrderDiscount(
  ctx: Ctx,
  order: MivaOrder,
  d: OrderLevelDiscount,
  out: OrderCharges,
): void {
  const seq = out.charges.length + 1;
  out.charges.push(charge(order, seq, d.moduleId, 'DISCOUNT', d.descrip, -d.total));
  if (d.coupon) {
    out.coupons.push({ order_id: ctx.id, ...d.coupon, total: d.total });
  }
  out.discounts.push({
    order_id: ctx.id,
    pgrp_id: d.pgrpId,
    name: d.name,
    descrip: d.descrip,
    total: d.total,
  });
  ctx.cases.add(d.case);
}
