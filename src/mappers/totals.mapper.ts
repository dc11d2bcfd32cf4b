import type { ChargeTotals } from './charges.mapper';
import type { MappedProductLine } from './lines.mapper';
import { formatCents } from './money';
import type { OmsException, OmsTotals } from './oms-order.types';

/**
 * The contract's totals. Miva's `total` is authoritative: when the parts do not add up to it the
 * order still flows, carrying a TOTAL_MISMATCH exception instead of numbers forced into agreement.
 */
export function mapTotals(
  products: readonly MappedProductLine[],
  discountCents: number,
  charges: ChargeTotals,
  mivaTotalCents: number,
): { totals: OmsTotals; exception: OmsException | null } {
  let items = 0;
  for (const p of products) {
    // Cancelled lines stay in `lines` but count in no total (Miva's OrderItem_Total skips 300).
    if (!p.cancelled) {
      items += p.lineTotalCents;
    }
  }
  const sum = items + discountCents + charges.shipping + charges.tax + charges.other;
  const totals: OmsTotals = {
    items: formatCents(items),
    discounts: formatCents(discountCents),
    shipping: formatCents(charges.shipping),
    tax: formatCents(charges.tax),
    other: formatCents(charges.other),
    total: formatCents(mivaTotalCents),
  };
  const exception: OmsException | null =
    sum === mivaTotalCents
      ? null
      : {
          code: 'TOTAL_MISMATCH',
          message:
            `Items ${totals.items}, discounts ${totals.discounts}, shipping ${totals.shipping}, ` +
            `tax ${totals.tax} and other ${totals.other} add up to ${formatCents(sum)}, ` +
            `but Miva's order total is ${totals.total} ` +
            `(difference ${formatCents(mivaTotalCents - sum)}).`,
        };
  return { totals, exception };
}
