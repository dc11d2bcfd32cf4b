import type { MivaCharge } from '../miva-model/miva.models';
import { MappingError } from './mapping.error';
import {
  readArray,
  readCents,
  readInt,
  readObject,
  readString,
  readText,
  type ReadContext,
} from './miva-input';
import { formatCents } from './money';
import type { OmsCharge, OmsChargeType } from './oms-order.types';

/** A Miva charge read once and validated; amounts in cents. */
export interface ReadCharge {
  chargeId: number;
  /** Miva's type as sent. */
  sourceType: string;
  description: string;
  cents: number;
}

export interface ChargeTotals {
  shipping: number;
  tax: number;
  /** HANDLING, CUSTOM and every other non-discount type. */
  other: number;
}

const DISCOUNT = 'DISCOUNT';

export function chargeType(sourceType: string): OmsChargeType | 'discount' {
  switch (sourceType.trim().toUpperCase()) {
    case 'SHIPPING':
      return 'shipping';
    case 'TAX':
      return 'tax';
    case 'HANDLING':
      return 'handling';
    case DISCOUNT:
      return 'discount';
    default:
      return 'other';
  }
}

/** Reads Miva's charges, separating the DISCOUNT ones (they become lines, not charges). */
export function readCharges(
  ctx: ReadContext,
  raw: MivaCharge[] | null | undefined,
): { discounts: ReadCharge[]; others: ReadCharge[] } {
  const charges = readArray(ctx, raw, 'charges');
  const discounts: ReadCharge[] = [];
  const others: ReadCharge[] = [];
  const discountIds = new Set<number>();
  for (let i = 0; i < charges.length; i++) {
    const c = readObject(ctx, charges[i], 'charges', i);
    const sourceType = readString(c.type);
    const isDiscount = sourceType.trim().toUpperCase() === DISCOUNT;
    // A discount charge's id names its OMS line ("C<charge_id>"), so it must be there and unique.
    const chargeId = isDiscount
      ? readInt(ctx, c.charge_id, 'charges', i, 'charge_id')
      : typeof c.charge_id === 'number'
        ? c.charge_id
        : 0;
    if (isDiscount) {
      if (discountIds.has(chargeId)) {
        throw new MappingError(ctx.orderId, `charges[${i}].charge_id`, `repeats ${chargeId}`);
      }
      discountIds.add(chargeId);
    }
    const read: ReadCharge = {
      chargeId,
      sourceType,
      description: readText(c.descrip),
      cents: readCents(ctx, c.amount, 'charges', i, 'amount'),
    };
    (isDiscount ? discounts : others).push(read);
  }
  return { discounts, others };
}

/** Non-discount charges → OMS charges, plus their sums for the totals. */
export function mapCharges(charges: readonly ReadCharge[]): {
  charges: OmsCharge[];
  totals: ChargeTotals;
} {
  const totals: ChargeTotals = { shipping: 0, tax: 0, other: 0 };
  const out: OmsCharge[] = [];
  for (const c of charges) {
    const type = chargeType(c.sourceType);
    switch (type) {
      case 'shipping':
        totals.shipping += c.cents;
        break;
      case 'tax':
        totals.tax += c.cents;
        break;
      case 'handling':
      case 'other':
      case 'discount':
        totals.other += c.cents;
        break;
    }
    out.push({
      type: type === 'discount' ? 'other' : type,
      sourceType: c.sourceType,
      description: c.description,
      amount: formatCents(c.cents),
    });
  }
  return { charges: out, totals };
}
