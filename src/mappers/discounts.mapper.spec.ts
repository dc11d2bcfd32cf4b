import {
  charge,
  coupon,
  item,
  itemDiscount,
  option,
  order,
  SETTINGS,
} from './__fixtures__/miva-order.fixture';
import { mapOrder } from './order.mapper';

// A shirt (SKU TS-RED-M) whose price Miva already lowered from 25.00 to 22.50 by a price group.
const discountedShirt = (descrip: string) =>
  item({
    line_id: 301,
    price: 22.5,
    base_price: 25,
    discounts: [itemDiscount({ descrip, discount: 2.5 })],
  });

describe('item-level discounts and coupons', () => {
  it('are already in the price; each discount is explained in customerComments', () => {
    const m = mapOrder(order({ items: [discountedShirt('Summer Sale 10% Off')] }), SETTINGS);
    expect(m.lines).toHaveLength(1);
    expect(m.lines[0]).toMatchObject({ unitPrice: '22.50', originalUnitPrice: '25.00' });
    expect(m.customerComments).toBe(
      'Item discount: T-Shirt (SKU TS-RED-M): Summer Sale 10% Off: 2.50',
    );
    expect(m.totals.discounts).toBe('0.00');
    expect(m.exceptions).toEqual([]);
  });

  it('names the coupon whose description matches the discount (case-insensitive, exact)', () => {
    const m = mapOrder(
      order({
        items: [discountedShirt('VIP 15% Off')],
        coupons: [coupon('VIP15', 'vip 15% off', 2.5)],
      }),
      SETTINGS,
    );
    // The coupon is named once, next to its discount, and not listed again on its own.
    expect(m.customerComments).toBe(
      'Item discount: T-Shirt (SKU TS-RED-M): VIP 15% Off: 2.50 (coupon VIP15)',
    );
    expect(m.lines.map((l) => l.kind)).toEqual(['product']);
  });

  it('does not match a coupon whose description only resembles the discount', () => {
    const m = mapOrder(
      order({ items: [discountedShirt('VIP 15% Off')], coupons: [coupon('VIP', 'VIP 15% Off!')] }),
      SETTINGS,
    );
    expect(m.customerComments).toBe(
      'Item discount: T-Shirt (SKU TS-RED-M): VIP 15% Off: 2.50\nCoupon VIP: VIP 15% Off!',
    );
  });

  it('explains option-level discounts too', () => {
    const m = mapOrder(
      order({
        items: [
          item({
            line_id: 301,
            options: [
              option({
                attribute: 'size',
                value: 'XL',
                price: 1,
                base_price: 2,
                discounts: [itemDiscount({ descrip: 'Size sale', discount: 1 })],
              }),
            ],
          }),
        ],
      }),
      SETTINGS,
    );
    expect(m.customerComments).toBe(
      'Item discount: T-Shirt (SKU TS-RED-M) option size XL: Size sale: 1.00',
    );
  });
});

describe('order-level discounts and coupons', () => {
  const shirt = item({ line_id: 301, price: 25 });

  it('a DISCOUNT charge whose description is a coupon description is a coupon line', () => {
    const m = mapOrder(
      order({
        items: [shirt],
        charges: [
          charge({ charge_id: 4, type: 'DISCOUNT', descrip: 'Welcome $5 Off', amount: -5 }),
        ],
        coupons: [coupon('WELCOME5', 'welcome $5 off', 5)],
      }),
      SETTINGS,
    );
    expect(m.lines[1]).toEqual({
      lineId: 'C4',
      kind: 'coupon',
      sourceLineId: null,
      parentLineId: null,
      status: null,
      sourceStatus: null,
      couponCode: 'WELCOME5',
      identifier: null,
      sku: null,
      productCode: null,
      name: 'Welcome $5 Off',
      quantity: 1,
      unitPrice: '-5.00',
      originalUnitPrice: '-5.00',
      lineTotal: '-5.00',
      options: [],
    });
    // Not repeated in charges; counted in totals.discounts.
    expect(m.charges).toEqual([]);
    expect(m.totals).toMatchObject({ items: '25.00', discounts: '-5.00', total: '20.00' });
    expect(m.customerComments).toBeNull();
    expect(m.exceptions).toEqual([]);
  });

  it('a DISCOUNT charge naming a coupon code as a whole word is a coupon line', () => {
    const m = mapOrder(
      order({
        items: [shirt],
        charges: [
          charge({
            charge_id: 5,
            type: 'DISCOUNT',
            descrip: 'Coupon freeship applied',
            amount: -7.95,
          }),
        ],
        coupons: [coupon('FREESHIP', 'Free shipping promotion', 7.95)],
      }),
      SETTINGS,
    );
    expect(m.lines[1]).toMatchObject({ lineId: 'C5', kind: 'coupon', couponCode: 'FREESHIP' });
  });

  it('a code that is only part of a word does not make a coupon line', () => {
    const m = mapOrder(
      order({
        items: [shirt],
        charges: [charge({ charge_id: 5, type: 'DISCOUNT', descrip: 'SAVE10X promo', amount: -1 })],
        coupons: [coupon('SAVE10', 'Ten off')],
      }),
      SETTINGS,
    );
    expect(m.lines[1]).toMatchObject({ kind: 'discount', couponCode: null });
    expect(m.customerComments).toBe('Coupon SAVE10: Ten off');
  });

  it('codes with punctuation still match as whole words', () => {
    const m = mapOrder(
      order({
        items: [shirt],
        charges: [
          charge({ charge_id: 6, type: 'DISCOUNT', descrip: 'Code SAVE-10 (spring)', amount: -1 }),
        ],
        coupons: [coupon('save-10', 'Spring')],
      }),
      SETTINGS,
    );
    expect(m.lines[1]).toMatchObject({ kind: 'coupon', couponCode: 'save-10' });
  });

  it('a DISCOUNT charge without a matching coupon is a discount line', () => {
    const m = mapOrder(
      order({
        items: [shirt],
        charges: [
          charge({ charge_id: 7, type: 'DISCOUNT', descrip: 'Loyalty reward', amount: -3 }),
        ],
      }),
      SETTINGS,
    );
    expect(m.lines[1]).toMatchObject({
      lineId: 'C7',
      kind: 'discount',
      couponCode: null,
      name: 'Loyalty reward',
      lineTotal: '-3.00',
    });
  });

  it('a coupon that explains nothing else is still named in customerComments', () => {
    const m = mapOrder(
      order({ items: [shirt], coupons: [coupon('NEWSLETTER', 'Newsletter sign-up')] }),
      SETTINGS,
    );
    expect(m.customerComments).toBe('Coupon NEWSLETTER: Newsletter sign-up');
  });
});

describe('item coupon vs order coupon in one order', () => {
  it('the item coupon goes to comments, the order coupon becomes a line', () => {
    const m = mapOrder(
      order({
        items: [discountedShirt('VIP 15% Off')],
        charges: [
          charge({ charge_id: 1, type: 'SHIPPING', descrip: 'UPS Ground', amount: 7.95 }),
          charge({ charge_id: 2, type: 'DISCOUNT', descrip: 'Welcome $5 Off', amount: -5 }),
        ],
        coupons: [coupon('VIP15', 'VIP 15% Off'), coupon('WELCOME5', 'Welcome $5 Off')],
      }),
      SETTINGS,
    );
    expect(m.lines.map((l) => [l.lineId, l.kind, l.couponCode])).toEqual([
      ['L301', 'product', null],
      ['C2', 'coupon', 'WELCOME5'],
    ]);
    expect(m.customerComments).toBe(
      'Item discount: T-Shirt (SKU TS-RED-M): VIP 15% Off: 2.50 (coupon VIP15)',
    );
    expect(m.totals).toMatchObject({
      items: '22.50',
      discounts: '-5.00',
      shipping: '7.95',
      total: '25.45',
    });
    expect(m.exceptions).toEqual([]);
  });
});
