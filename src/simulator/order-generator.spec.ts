import { deriveOrderStatus, formatMoney, itemTotal, paymentTotals, round2 } from './order-math';
import {
  CATALOG,
  GATEWAY_FIXTURES,
  ORDER_CASES,
  generateCatalog,
  generateOrder,
  generateOrders,
  generatedCases,
} from './order-generator';
import { TEST_CARDS } from './gateways';
import { mulberry32 } from './rng';

describe('order generator', () => {
  const orders = generateOrders({ count: 500, seed: 7 });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(JSON.stringify(generateOrders({ count: 50, seed: 7 }))).toBe(
      JSON.stringify(orders.slice(0, 50)),
    );
    expect(JSON.stringify(generateOrders({ count: 50, seed: 8 }))).not.toBe(
      JSON.stringify(orders.slice(0, 50)),
    );
  });

  it('generates one order from an rng stream, and honours firstOrderId and now', () => {
    const o = generateOrder(mulberry32(1), 300123, 1800000000);
    expect(o.id).toBe(300123);
    expect(o.orderdate).toBeLessThan(1800000000);
    const list = generateOrders({ count: 3, seed: 1, firstOrderId: 10, now: 1700000000 });
    expect(list.map((x) => x.id)).toEqual([10, 11, 12]);
    expect(
      list.every((x) => (x.dt_updated ?? 0) <= 1700000000 && x.dt_updated! >= x.orderdate),
    ).toBe(true);
  });

  it('keeps totals consistent with Miva arithmetic (§12, §5.1)', () => {
    for (const o of orders) {
      const items = o.items ?? [];
      for (const it of items) {
        expect(it.total).toBe(itemTotal(it));
        expect(it.formatted_total).toBe(formatMoney(it.total));
        for (const p of it.parts ?? []) {
          expect(p.total_quantity).toBe(p.quantity * it.quantity);
        }
        for (const d of it.discounts ?? []) {
          expect(round2(it.base_price - it.price) * it.quantity).toBeCloseTo(d.discount, 2);
        }
      }
      const itemSum = round2(
        items.filter((i) => i.status !== 300).reduce((s, i) => s + i.total, 0),
      );
      const charges = o.charges ?? [];
      const chargeSum = round2(charges.reduce((s, c) => s + c.amount, 0));
      expect(o.total).toBe(round2(itemSum + chargeSum));
      expect(o.total_ship).toBe(
        round2(charges.filter((c) => c.type === 'SHIPPING').reduce((s, c) => s + c.amount, 0)),
      );
      expect(o.total_tax).toBe(
        round2(charges.filter((c) => c.type === 'TAX').reduce((s, c) => s + c.amount, 0)),
      );
      for (const c of charges.filter((x) => x.type === 'DISCOUNT')) {
        expect(c.amount).toBeLessThan(0);
      }
      const pt = paymentTotals(o.payments ?? []);
      expect([o.total_auth, o.total_capt, o.total_rfnd, o.net_capt]).toEqual([
        pt.total_auth,
        pt.total_capt,
        pt.total_rfnd,
        pt.net_capt,
      ]);
      expect(o.status).toBe(deriveOrderStatus(items.map((i) => i.status)));
      expect(o.pend_count).toBe(items.filter((i) => i.status === 0).length);
      expect(o.bord_count).toBe(items.filter((i) => i.status === 400).length);
      // The successful payments of a live order cover its total.
      if (o.status !== 300) {
        const paid = round2(
          (o.payments ?? [])
            .filter((p) => [3, 5, 1].includes(p.type))
            .reduce((s, p) => s + p.amount, 0),
        );
        expect(paid).toBe(o.total);
      }
    }
  });

  it('covers every case over 500 orders', () => {
    const seen = new Set<string>();
    for (const o of orders) {
      generatedCases(o).forEach((c) => seen.add(c));
    }
    expect(ORDER_CASES.filter((c) => !seen.has(c))).toEqual([]);
    expect(orders.some((o) => (o.items ?? []).length >= 150)).toBe(true);
  });

  it('uses every gateway fixture and every payment type 0-7', () => {
    const keys = new Set<string>();
    const types = new Set<number>();
    for (const o of orders) {
      for (const p of o.payments ?? []) {
        types.add(p.type);
        const f = GATEWAY_FIXTURES.find(
          (g) => g.module.code === p.module?.code && g.description.length >= 0,
        );
        expect(f).toBeDefined();
        keys.add(`${p.module?.code}`);
      }
    }
    expect([...types].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const f of GATEWAY_FIXTURES) {
      expect(keys.has(f.module.code)).toBe(true);
    }
    // Apple Pay appears through both processors.
    const instruments = orders.flatMap((o) =>
      (o.payments ?? []).map(
        (p) =>
          `${p.module?.code}:${p.data?.payment_instrument_type ?? p.data?.data_descriptor ?? ''}`,
      ),
    );
    expect(instruments).toContain('braintree:apple_pay_card');
    expect(instruments).toContain('authnet:COMMON.APPLE.INAPP.PAYMENT');
    expect(instruments).toContain('authnet:COMMON.ACCEPT.INAPP.PAYMENT');
  });

  it('never carries a full card number except in the encrypted Mod10 number field', () => {
    for (const o of orders) {
      for (const p of o.payments ?? []) {
        for (const [k, v] of Object.entries(p.data ?? {})) {
          if (TEST_CARDS.some((c) => v.includes(c.number))) {
            expect([p.module?.code, k]).toEqual(['mod10', 'number']);
            expect(p.pay_secid).not.toBe(0);
          }
        }
      }
    }
  });

  it('references only catalogue products, with matching codes and SKUs', () => {
    const products = generateCatalog(7);
    expect(products).toHaveLength(CATALOG.length);
    const byId = new Map(products.map((p) => [p.id, p]));
    for (const o of orders) {
      for (const it of o.items ?? []) {
        const p = byId.get(it.product_id);
        expect(p?.code).toBe(it.code);
        if (!(it.options ?? []).some((x) => x.attr_code === 'size' || x.attr_code === 'color')) {
          expect(it.sku).toBe(p?.sku);
        }
      }
    }
    expect(generateCatalog(7)).toEqual(products);
  });
});
