import { charge, item, order, SETTINGS } from './__fixtures__/miva-order.fixture';
import { mapOrder } from './order.mapper';

describe('charges and totals', () => {
  const charges = [
    charge({ charge_id: 1, type: 'SHIPPING', descrip: 'UPS Ground', amount: 7.95 }),
    charge({ charge_id: 2, type: 'TAX', descrip: 'CA Sales Tax', amount: 1.81 }),
    charge({ charge_id: 3, type: 'HANDLING', descrip: 'Handling fee', amount: 2.5 }),
    charge({ charge_id: 4, type: 'CUSTOM', descrip: 'Gift wrapping 🎁', amount: 4.95 }),
    charge({ charge_id: 5, type: 'API', descrip: 'Rush fee', amount: 1.1 }),
  ];

  it('maps charge types and adds handling to other', () => {
    const m = mapOrder(order({ items: [item({ line_id: 301, price: 19.99 })], charges }), SETTINGS);
    expect(m.charges.map((c) => [c.type, c.sourceType, c.amount])).toEqual([
      ['shipping', 'SHIPPING', '7.95'],
      ['tax', 'TAX', '1.81'],
      ['handling', 'HANDLING', '2.50'],
      ['other', 'CUSTOM', '4.95'],
      ['other', 'API', '1.10'],
    ]);
    expect(m.totals).toEqual({
      items: '19.99',
      discounts: '0.00',
      shipping: '7.95',
      tax: '1.81',
      other: '8.55',
      total: '38.30',
    });
    expect(m.exceptions).toEqual([]);
  });

  it("keeps Miva's total and flags TOTAL_MISMATCH when the parts do not add up", () => {
    const m = mapOrder(
      order({ items: [item({ line_id: 301, price: 19.99 })], charges, total: 40 }),
      SETTINGS,
    );
    expect(m.totals.total).toBe('40.00');
    expect(m.exceptions).toEqual([
      {
        code: 'TOTAL_MISMATCH',
        message:
          'Items 19.99, discounts 0.00, shipping 7.95, tax 1.81 and other 8.55 add up to 38.30, ' +
          "but Miva's order total is 40.00 (difference 1.70).",
      },
    ]);
  });

  it('does not flag float noise: 0.1 + 0.2 of charges is 0.30', () => {
    const m = mapOrder(
      order({
        items: [item({ line_id: 301, price: 0.1 })],
        charges: [charge({ charge_id: 1, type: 'SHIPPING', amount: 0.2 })],
        total: 0.1 + 0.2,
      }),
      SETTINGS,
    );
    expect(m.totals.total).toBe('0.30');
    expect(m.exceptions).toEqual([]);
  });

  it('counts a cancelled line nowhere: an order total that includes it is a mismatch', () => {
    const m = mapOrder(
      order({
        items: [item({ line_id: 301, price: 10 }), item({ line_id: 302, price: 5, status: 300 })],
        total: 15,
      }),
      SETTINGS,
    );
    expect(m.totals.items).toBe('10.00');
    expect(m.exceptions.map((e) => e.code)).toEqual(['TOTAL_MISMATCH']);
  });
});
