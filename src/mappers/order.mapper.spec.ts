import { first } from '../common/must';
import { ORDER_EXTRA_ARRAYS, type MivaOrder } from '../miva-model/miva.models';
import {
  charge,
  coupon,
  item,
  itemDiscount,
  mivaModule,
  note,
  option,
  order,
  ORDER_ID,
  payment,
  PLACED_AT,
  PLACED_AT_ISO,
  SETTINGS,
  settings,
} from './__fixtures__/miva-order.fixture';
import { MappingError } from './mapping.error';
import { mapOrder } from './order.mapper';

describe('mapOrder: the contract example, field by field', () => {
  // A typical order: a discounted T-Shirt, an order coupon, shipping and tax.
  const miva = order({
    items: [
      item({
        line_id: 301,
        quantity: 2,
        price: 22.5,
        base_price: 25,
        options: [option({ attr_code: 'size', attribute: 'size', value: 'M', price: 0 })],
        discounts: [itemDiscount({ descrip: 'T-Shirt Sale', discount: 2.5 })],
      }),
    ],
    charges: [
      charge({ charge_id: 1, type: 'SHIPPING', descrip: 'UPS Ground', amount: 5 }),
      charge({ charge_id: 2, type: 'TAX', descrip: 'CA Sales Tax', amount: 2.49 }),
      charge({ charge_id: 3, type: 'DISCOUNT', descrip: 'Spring 10% Off', amount: -4.5 }),
    ],
    coupons: [coupon('SPRING10', 'Spring 10% Off', 4.5)],
    payments: [
      payment({
        id: 12,
        amount: 47.99,
        refnum: 'bt-1',
        cardbrand: 'Visa',
        module: mivaModule('braintree', 'Braintree Payment Services'),
        data: { last_4: '1111', expiration_month: '12', expiration_year: '2030' },
      }),
    ],
    notes: [note({ id: 9, notetext: 'Leave at the door' })],
    CustomField_Values: {
      customfields: { SignifydGuaranteeDisposition: 'APPROVED' },
      orderworkflow: { new_and_updated: '1' },
    },
  });
  const mapped = mapOrder(
    miva,
    settings({
      customFieldMappings: [
        {
          mivaField: 'customfields:SignifydGuaranteeDisposition',
          omsField: 'signifydGuaranteeDisposition',
        },
      ],
    }),
  );

  it('maps the whole order', () => {
    expect(mapped).toEqual({
      source: 'miva',
      sourceOrderId: ORDER_ID,
      status: 'processing',
      sourceStatus: 100,
      placedAt: PLACED_AT_ISO,
      sourceUpdatedAt: '2026-11-18T11:08:20.000Z',
      currency: 'USD',
      customer: { sourceId: 5, login: 'jo', email: 'jo@example.com', phone: '555-0100' },
      billTo: {
        firstName: 'Jo',
        lastName: 'Doe',
        company: '',
        email: 'jo@example.com',
        phone: '555-0100',
        fax: '',
        address1: '1 Harbor Dr',
        address2: '',
        city: 'San Diego',
        state: 'CA',
        zip: '92101',
        country: 'US',
      },
      shipTo: expect.objectContaining({ firstName: 'Jo', city: 'San Diego' }),
      shippingMethod: { code: 'GROUND', name: 'UPS Ground' },
      lines: [
        {
          lineId: 'L301',
          kind: 'product',
          sourceLineId: 301,
          parentLineId: null,
          status: 'pending',
          sourceStatus: 0,
          couponCode: null,
          identifier: 'TS-RED-M',
          sku: 'TS-RED-M',
          productCode: 'TSHIRT',
          name: 'T-Shirt',
          quantity: 2,
          unitPrice: '22.50',
          originalUnitPrice: '25.00',
          lineTotal: '45.00',
          options: [{ attribute: 'size', value: 'M', price: '0.00' }],
        },
        {
          lineId: 'C3',
          kind: 'coupon',
          sourceLineId: null,
          parentLineId: null,
          status: null,
          sourceStatus: null,
          couponCode: 'SPRING10',
          identifier: null,
          sku: null,
          productCode: null,
          name: 'Spring 10% Off',
          quantity: 1,
          unitPrice: '-4.50',
          originalUnitPrice: '-4.50',
          lineTotal: '-4.50',
          options: [],
        },
      ],
      charges: [
        { type: 'shipping', sourceType: 'SHIPPING', description: 'UPS Ground', amount: '5.00' },
        { type: 'tax', sourceType: 'TAX', description: 'CA Sales Tax', amount: '2.49' },
      ],
      payments: [
        {
          sourcePaymentId: 12,
          gateway: 'braintree',
          processor: 'braintree',
          mivaModule: 'braintree',
          method: 'card',
          type: 'sale',
          amount: '47.99',
          transactionId: 'bt-1',
          card: { brand: 'Visa', last4: '1111', expMonth: 12, expYear: 2030 },
          createdAt: '2026-11-18T11:07:00.000Z',
        },
      ],
      notes: [
        {
          sourceId: 9,
          text: 'Leave at the door',
          createdAt: '2026-11-18T11:16:40.000Z',
          author: 'admin',
        },
      ],
      customFields: { signifydGuaranteeDisposition: 'APPROVED' },
      sourceCustomFields: { customfields: { SignifydGuaranteeDisposition: 'APPROVED' } },
      customerComments: 'Item discount: T-Shirt (SKU TS-RED-M): T-Shirt Sale: 2.50',
      totals: {
        items: '45.00',
        discounts: '-4.50',
        shipping: '5.00',
        tax: '2.49',
        other: '0.00',
        total: '47.99',
      },
      exceptions: [],
    });
  });

  it('gives the same result, key order included, every time', () => {
    const again = mapOrder(structuredClone(miva), settings({ customFieldMappings: [] }));
    const twice = mapOrder(structuredClone(miva), settings({ customFieldMappings: [] }));
    expect(JSON.stringify(again)).toBe(JSON.stringify(twice));
  });
});

describe('mapOrder: order-level fields', () => {
  it('names every Miva order status and keeps the code', () => {
    const names: [number, string][] = [
      [0, 'pending'],
      [100, 'processing'],
      [200, 'shipped'],
      [201, 'partially_shipped'],
      [300, 'cancelled'],
      [400, 'backordered'],
      [500, 'rma_issued'],
      [600, 'returned'],
      [150, 'other'],
    ];
    for (const [code, name] of names) {
      const m = mapOrder(order({ status: code }), SETTINGS);
      expect([m.status, m.sourceStatus]).toEqual([name, code]);
    }
  });

  it('writes UTC ISO timestamps from unix seconds; no dt_updated means null', () => {
    const m = mapOrder(order({ orderdate: 0 + PLACED_AT, dt_updated: 0 }), SETTINGS);
    expect(m.placedAt).toBe(PLACED_AT_ISO);
    expect(m.sourceUpdatedAt).toBeNull();
    const without = order();
    delete without.dt_updated;
    expect(mapOrder(without, SETTINGS).sourceUpdatedAt).toBeNull();
  });

  it('maps a guest checkout without a customer record', () => {
    const m = mapOrder(order({ cust_id: 0, cust_login: '', cust_pw_email: '' }), SETTINGS);
    expect(m.customer).toEqual({
      sourceId: null,
      login: null,
      email: 'jo@example.com',
      phone: '555-0100',
    });
  });

  it('takes login and email from the customer object when the columns were not asked for', () => {
    const o = order({ bill_email: '' });
    delete o.cust_login;
    delete o.cust_pw_email;
    o.customer = { id: 5, account_id: 0, login: 'jojo', pw_email: 'jojo@example.com' };
    expect(mapOrder(o, SETTINGS).customer).toMatchObject({
      login: 'jojo',
      email: 'jojo@example.com',
    });
  });

  it('names the shipping method from the shipping charge when ship_method is missing', () => {
    const o = order({
      ship_data: 'FLAT',
      charges: [charge({ charge_id: 1, type: 'SHIPPING', descrip: 'Flat Rate', amount: 5 })],
    });
    delete o.ship_method;
    expect(mapOrder(o, SETTINGS).shippingMethod).toEqual({ code: 'FLAT', name: 'Flat Rate' });
    expect(
      mapOrder(order({ ship_data: '', ship_method: 'None' }), SETTINGS).shippingMethod,
    ).toBeNull();
  });

  it('uses the store currency', () => {
    expect(mapOrder(order(), settings({ currency: 'CAD' })).currency).toBe('CAD');
  });

  it('keeps non-ASCII text intact', () => {
    const m = mapOrder(
      order({
        ship_fname: 'Zoë',
        ship_lname: 'Núñez',
        ship_comp: 'Café ☕ & Co',
        ship_city: '東京',
        ship_state: '東京都',
        bill_fname: 'Łukasz',
        items: [item({ line_id: 301, name: 'Tasse « Été » 🎁', sku: 'TASSE-ÉTÉ' })],
        notes: [note({ id: 9, notetext: '配達前に電話してください' })],
      }),
      SETTINGS,
    );
    expect(m.shipTo).toMatchObject({
      firstName: 'Zoë',
      lastName: 'Núñez',
      company: 'Café ☕ & Co',
      city: '東京',
      state: '東京都',
    });
    expect(m.billTo.firstName).toBe('Łukasz');
    expect(m.lines[0]).toMatchObject({ name: 'Tasse « Été » 🎁', identifier: 'TASSE-ÉTÉ' });
    expect(m.notes[0]?.text).toBe('配達前に電話してください');
  });

  it('masks a card number a customer typed into an address', () => {
    const m = mapOrder(order({ ship_addr2: 'card 4111 1111 1111 1111' }), SETTINGS);
    expect(m.shipTo.address2).toBe('card **** **** **** 1111');
  });
});

describe('mapOrder: missing optional arrays', () => {
  it('maps an order whose on-demand arrays were not requested', () => {
    const o = order();
    for (const k of [...ORDER_EXTRA_ARRAYS, 'charges', 'CustomField_Values', 'customer'] as const) {
      delete o[k];
    }
    delete first(o.items).options;
    const m = mapOrder(o, SETTINGS);
    expect(m.lines).toHaveLength(1);
    expect(m.charges).toEqual([]);
    expect(m.payments).toEqual([]);
    expect(m.notes).toEqual([]);
    expect(m.customFields).toEqual({});
    expect(m.sourceCustomFields).toEqual({});
    expect(m.customerComments).toBeNull();
    expect(m.exceptions).toEqual([]);
  });

  it('maps an order without items at all (total 0)', () => {
    const o = order({ total: 0 });
    delete (o as Partial<MivaOrder>).items;
    const m = mapOrder(o, SETTINGS);
    expect(m.lines).toEqual([]);
    expect(m.totals.items).toBe('0.00');
    expect(m.exceptions).toEqual([]);
  });

  it('accepts null where an array is expected', () => {
    const o = order({ coupons: null as never, notes: null as never });
    expect(() => mapOrder(o, SETTINGS)).not.toThrow();
  });
});

describe('mapOrder: malformed input', () => {
  it('refuses an order without an id', () => {
    const o = order();
    delete (o as Partial<MivaOrder>).id;
    expect(() => mapOrder(o, SETTINGS)).toThrow(MappingError);
    expect(() => mapOrder(o, SETTINGS)).toThrow('Miva order: id must be a number, got undefined');
  });

  it('refuses something that is not an order', () => {
    expect(() => mapOrder(null as unknown as MivaOrder, SETTINGS)).toThrow(MappingError);
  });

  it('names the order and the field, never the value', () => {
    const o = order({ items: [item({ line_id: 301 })] });
    (o.items[0] as unknown as Record<string, unknown>).price = 'not a price';
    expect(() => mapOrder(o, SETTINGS)).toThrow(
      `Miva order ${ORDER_ID}: items[0].price must be an amount, got string`,
    );
  });

  it('refuses an items member that is not an array', () => {
    const o = order();
    (o as unknown as Record<string, unknown>).items = { 0: item({ line_id: 1 }) };
    expect(() => mapOrder(o, SETTINGS)).toThrow(`${ORDER_ID}: items must be an array`);
  });

  it('refuses two items with the same line id (line ids must stay unique for shipments)', () => {
    const o = order({ items: [item({ line_id: 301 }), item({ line_id: 301 })] });
    expect(() => mapOrder(o, SETTINGS)).toThrow('items[1].line_id repeats line 301');
  });

  it('accepts numeric strings where Miva normally sends numbers', () => {
    const o = order({ items: [item({ line_id: 301, total: 25 })], total: 25 });
    (o.items[0] as unknown as Record<string, unknown>).price = '25.00';
    (o as unknown as Record<string, unknown>).total = '25.00';
    const m = mapOrder(o, SETTINGS);
    expect(m.lines[0]?.unitPrice).toBe('25.00');
    expect(m.totals.total).toBe('25.00');
  });
});
