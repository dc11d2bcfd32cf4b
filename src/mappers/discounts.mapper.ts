import type { MivaCoupon, MivaItemDiscount, MivaOrderItem } from '../miva-model/miva.models';
import type { ReadCharge } from './charges.mapper';
import {
  readArray,
  readCents,
  readObject,
  readString,
  readText,
  type ReadContext,
} from './miva-input';
import { formatCents } from './money';
import type { OmsLine } from './oms-order.types';

// Item-level and order-level discounts (docs/REST.md §5.4): DISCOUNT charges become
// discount/coupon lines; item discounts (already inside the item price) are explained in
// customerComments; a coupon that explains nothing else is still named there.

interface OrderCoupon {
  code: string;
  description: string;
  /** Normalised description for the case-insensitive exact match; "" never matches. */
  key: string;
  used: boolean;
  wordPattern: RegExp | null;
}

export interface MappedDiscounts {
  lines: OmsLine[];
  /** Σ of the discount and coupon lines, in cents. */
  totalCents: number;
  comments: string[];
}

export function discountLineId(chargeId: number): string {
  return `C${chargeId}`;
}

function matchKey(s: string): string {
  return s.normalize('NFC').trim().toLowerCase();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// A code "appears as a whole word" when no letter, digit or underscore touches it on either side,
// so codes such as "SAVE-10" or "10%OFF" work too.
function wordPattern(code: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(code)}(?![\\p{L}\\p{N}_])`, 'iu');
}

function readCoupons(ctx: ReadContext, raw: MivaCoupon[] | null | undefined): OrderCoupon[] {
  const coupons = readArray(ctx, raw, 'coupons');
  const out: OrderCoupon[] = new Array<OrderCoupon>(coupons.length);
  for (let i = 0; i < coupons.length; i++) {
    const c = readObject(ctx, coupons[i], 'coupons', i);
    const description = readText(c.descrip);
    out[i] = {
      code: readText(c.code).trim(),
      description,
      key: matchKey(description),
      used: false,
      wordPattern: null,
    };
  }
  return out;
}

/** First coupon satisfying `test`, preferring one not used yet (two charges, two coupons). */
function findCoupon(coupons: OrderCoupon[], test: (c: OrderCoupon) => boolean): OrderCoupon | null {
  let usedMatch: OrderCoupon | null = null;
  for (const c of coupons) {
    if (test(c)) {
      if (!c.used) {
        return c;
      }
      usedMatch ??= c;
    }
  }
  return usedMatch;
}

function byDescription(coupons: OrderCoupon[], description: string): OrderCoupon | null {
  const key = matchKey(description);
  if (key === '') {
    return null;
  }
  return findCoupon(coupons, (c) => c.key === key);
}

function byCodeInText(coupons: OrderCoupon[], text: string): OrderCoupon | null {
  if (text === '') {
    return null;
  }
  return findCoupon(coupons, (c) => {
    if (c.code === '') {
      return false;
    }
    c.wordPattern ??= wordPattern(c.code);
    return c.wordPattern.test(text);
  });
}

function discountLine(charge: ReadCharge, coupon: OrderCoupon | null): OmsLine {
  const amount = formatCents(charge.cents);
  const name =
    charge.description !== ''
      ? charge.description
      : coupon !== null && coupon.code !== ''
        ? `Coupon ${coupon.code}`
        : 'Discount';
  return {
    lineId: discountLineId(charge.chargeId),
    kind: coupon === null ? 'discount' : 'coupon',
    sourceLineId: null,
    parentLineId: null,
    status: null,
    sourceStatus: null,
    couponCode: coupon === null || coupon.code === '' ? null : coupon.code,
    identifier: null,
    sku: null,
    productCode: null,
    name,
    quantity: 1,
    unitPrice: amount,
    originalUnitPrice: amount,
    lineTotal: amount,
    options: [],
  };
}

function productLabel(item: MivaOrderItem): string {
  const name = readText(item.name);
  const sku = readString(item.sku).trim();
  const code = readString(item.code).trim();
  return sku !== '' ? `${name} (SKU ${sku})` : code !== '' ? `${name} (code ${code})` : name;
}

function itemDiscountComment(
  ctx: ReadContext,
  label: string,
  d: MivaItemDiscount,
  list: string,
  index: number,
  coupons: OrderCoupon[],
): string {
  const description = readText(d.descrip);
  // "as Miva records it": Miva records the amount taken off, usually positive.
  const amount = formatCents(readCents(ctx, d.discount, list, index, 'discount'));
  const coupon = byDescription(coupons, description);
  let comment = `Item discount: ${label}: ${description !== '' ? description : 'discount'}: ${amount}`;
  if (coupon !== null) {
    coupon.used = true;
    if (coupon.code !== '') {
      comment += ` (coupon ${coupon.code})`;
    }
  }
  return comment;
}

export function mapDiscounts(
  ctx: ReadContext,
  items: readonly MivaOrderItem[],
  discountCharges: readonly ReadCharge[],
  rawCoupons: MivaCoupon[] | null | undefined,
): MappedDiscounts {
  const coupons = readCoupons(ctx, rawCoupons);
  const comments: string[] = [];

  // Item-level discounts (items were validated by the lines mapper).
  for (const [i, item] of items.entries()) {
    const list = `items[${i}].discounts`;
    const discounts = readArray(ctx, item.discounts, list);
    const options = readArray(ctx, item.options, `items[${i}].options`);
    if (discounts.length === 0 && options.length === 0) {
      continue;
    }
    const label = productLabel(item);
    for (let d = 0; d < discounts.length; d++) {
      const discount = readObject(ctx, discounts[d], list, d);
      comments.push(itemDiscountComment(ctx, label, discount, list, d, coupons));
    }
    // Option-level discounts are part of the item price in the same way.
    for (const [o, opt] of options.entries()) {
      const optionList = `items[${i}].options[${o}].discounts`;
      const optionDiscounts = readArray(ctx, opt.discounts, optionList);
      if (optionDiscounts.length === 0) {
        continue;
      }
      const attribute = readText(opt.attribute) || readText(opt.attr_code);
      const value = readText(opt.value) || readText(opt.opt_code);
      const optionLabel = `${label} option ${attribute} ${value}`.trimEnd();
      for (let d = 0; d < optionDiscounts.length; d++) {
        const discount = readObject(ctx, optionDiscounts[d], optionList, d);
        comments.push(itemDiscountComment(ctx, optionLabel, discount, optionList, d, coupons));
      }
    }
  }

  // Order-level discounts: one line per DISCOUNT charge.
  const lines: OmsLine[] = [];
  let totalCents = 0;
  for (const charge of discountCharges) {
    const coupon =
      coupons.length === 0
        ? null
        : (byDescription(coupons, charge.description) ?? byCodeInText(coupons, charge.description));
    if (coupon !== null) {
      coupon.used = true;
    }
    lines.push(discountLine(charge, coupon));
    totalCents += charge.cents;
  }

  for (const c of coupons) {
    if (!c.used && (c.code !== '' || c.description !== '')) {
      const code = c.code !== '' ? ` ${c.code}` : '';
      comments.push(c.description !== '' ? `Coupon${code}: ${c.description}` : `Coupon${code}`);
    }
  }
  return { lines, totalCents, comments };
}
