import type { MivaOrder } from '../miva-model/miva.models';
import { generatedCases, generateOrders, type OrderCase } from '../simulator/order-generator';
import { settings } from './__fixtures__/miva-order.fixture';
import type { MappedOrder } from './oms-order.types';
import { mapOrder } from './order.mapper';

// The simulator's generator labels each order with the cases it exercises; every labelled case
// must come out of the mapper as the contract says.
const orders = generateOrders({ count: 600, seed: 11 });
const SETTINGS = settings({
  kitMode: 'parts',
  customFieldMappings: [{ mivaField: 'SignifydGuaranteeDisposition', omsField: 'signifyd' }],
});

// Orders of the `missing_optional_arrays` case come without coupons: the coupon cases need them.
function withCase(c: OrderCase, needsCoupons = false): { miva: MivaOrder; m: MappedOrder }[] {
  const found = orders.filter(
    (o) => generatedCases(o).has(c) && (!needsCoupons || o.coupons !== undefined),
  );
  expect(found.length).toBeGreaterThan(0);
  return found.map((miva) => ({ miva, m: mapOrder(miva, SETTINGS) }));
}

describe('every generated case maps as the contract says', () => {
  it('all orders map, add up, and carry no exception', () => {
    for (const o of orders) {
      expect(mapOrder(o, SETTINGS).exceptions).toEqual([]);
    }
  });

  it('kit: one kit_component line per part, under its kit, at 0.00', () => {
    for (const { miva, m } of withCase('kit')) {
      const kits = (miva.items ?? []).filter((i) => (i.parts ?? []).length > 0);
      for (const kit of kits) {
        const parts = m.lines.filter((l) => l.parentLineId === `L${kit.line_id}`);
        expect(parts).toHaveLength(kit.parts?.length ?? 0);
        expect(parts.every((l) => l.kind === 'kit_component' && l.lineTotal === '0.00')).toBe(true);
      }
    }
  });

  it('order coupon with the same description: a coupon line', () => {
    for (const { m } of withCase('order_coupon_charge_same_descrip', true)) {
      expect(m.lines).toContainEqual(
        expect.objectContaining({ kind: 'coupon', couponCode: 'WELCOME5', lineTotal: '-5.00' }),
      );
    }
  });

  it('order coupon whose code is in the charge description: a coupon line', () => {
    for (const { m } of withCase('order_coupon_code_in_charge', true)) {
      expect(m.lines).toContainEqual(
        expect.objectContaining({ kind: 'coupon', couponCode: 'FREESHIP' }),
      );
      expect(m.customerComments ?? '').not.toContain('Coupon FREESHIP');
    }
  });

  it('discount charge without a coupon: a discount line', () => {
    for (const { m } of withCase('discount_charge_without_coupon')) {
      expect(m.lines).toContainEqual(
        expect.objectContaining({ kind: 'discount', couponCode: null, name: 'Loyalty reward' }),
      );
    }
  });

  it('item discount with its coupon: named in customerComments with the code', () => {
    for (const { miva, m } of withCase('item_discount_with_coupon', true)) {
      // (The generator skips kits: an order of kits only has the coupon and no item discount.)
      if ((miva.items ?? []).some((i) => (i.discounts ?? []).length > 0)) {
        expect(m.customerComments).toContain('VIP 15% Off');
        expect(m.customerComments).toContain('(coupon VIP15)');
      } else {
        expect(m.customerComments).toBe('Coupon VIP15: VIP 15% Off');
      }
    }
  });

  it('coupon without effect: still named in customerComments', () => {
    for (const { m } of withCase('coupon_without_effect', true)) {
      expect(m.customerComments).toContain('Coupon NEWSLETTER: Newsletter sign-up');
    }
  });

  it('split payment: a customer credit payment plus the other one', () => {
    for (const { miva, m } of withCase('split_payment')) {
      expect(m.payments).toHaveLength(miva.payments?.length ?? 0);
      expect(m.payments[0]).toMatchObject({ gateway: 'customer_credit', method: 'store_credit' });
      expect(m.payments.slice(1).every((p) => p.gateway !== 'customer_credit')).toBe(true);
    }
  });

  it('cancelled items count in no total', () => {
    for (const { miva, m } of withCase('item_cancelled')) {
      const cancelled = (miva.items ?? []).filter((i) => i.status === 300).length;
      expect(m.lines.filter((l) => l.kind === 'product' && l.status === 'cancelled')).toHaveLength(
        cancelled,
      );
    }
  });

  it('signifyd: the mapped custom field', () => {
    for (const { miva, m } of withCase('signifyd')) {
      expect(m.customFields.signifyd).toBe(
        miva.CustomField_Values?.customfields?.SignifydGuaranteeDisposition,
      );
      expect(m.sourceCustomFields).not.toHaveProperty('orderworkflow');
    }
  });

  it('large order: 150+ lines with distinct ids', () => {
    for (const { m } of withCase('large_order')) {
      expect(m.lines.length).toBeGreaterThanOrEqual(150);
      expect(new Set(m.lines.map((l) => l.lineId)).size).toBe(m.lines.length);
    }
  });

  it('encrypted mod10 payment: no card number in the output', () => {
    for (const { miva, m } of withCase('encrypted_payment')) {
      const numbers = (miva.payments ?? []).map((p) => p.data?.number ?? '').filter((n) => n);
      const json = JSON.stringify(m);
      for (const n of numbers) {
        expect(json).not.toContain(n);
      }
      const mod10 = m.payments.filter((p) => p.gateway === 'mod10');
      expect(mod10.length).toBeGreaterThan(0);
      expect(mod10.every((p) => p.card?.last4?.length === 4)).toBe(true);
    }
  });
});
