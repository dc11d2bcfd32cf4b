import { first } from '../common/must';
import { order, SETTINGS, settings } from '../mappers/__fixtures__/miva-order.fixture';
import { mapOrder } from '../mappers/order.mapper';
import { GATEWAY_FIXTURES, TEST_CARDS } from '../simulator/gateways';
import { mulberry32 } from '../simulator/rng';
import {
  mapPayment,
  mivaModule,
  paidWith,
  payment,
  PLACED_AT,
} from './__fixtures__/payment.fixture';

describe('payment recognition order: store mappings, code, name, provider', () => {
  it("the store's payment mapping overrides built-in recognition", () => {
    const p = paidWith('acmepay', 'AcmePay', 'Acme');
    expect(mapPayment(p).gateway).toBe('generic');
    expect(mapPayment(p, [{ mivaModule: 'ACMEPAY', gateway: 'braintree' }])).toMatchObject({
      gateway: 'braintree',
      processor: 'braintree',
      mivaModule: 'acmepay',
    });
    // Even a module the bridge knows: the store has the last word.
    expect(
      mapPayment(paidWith('authnet', 'Authorize.Net', ''), [
        { mivaModule: 'authnet', gateway: 'cybersource' },
      ]).gateway,
    ).toBe('cybersource');
  });

  it('a store mapping may name the module by its name', () => {
    expect(
      mapPayment(paidWith('x1', 'House Account', ''), [
        { mivaModule: 'house account', gateway: 'customer_credit' },
      ]),
    ).toMatchObject({
      gateway: 'customer_credit',
      method: 'store_credit',
    });
  });

  it('the code wins over the name, and the name over the provider', () => {
    expect(mapPayment(paidWith('square', 'Braintree', 'CyberSource')).gateway).toBe('square');
    expect(mapPayment(paidWith('gw1', 'Braintree', 'CyberSource')).gateway).toBe('braintree');
    expect(mapPayment(paidWith('gw1', 'Cards', 'CyberSource Corporation')).gateway).toBe(
      'cybersource',
    );
  });

  it('without payment_data, the order payment_module names the module of its newest payment', () => {
    const m = mapOrder(
      order({
        pay_id: 34,
        payment_module: 'Authorize.Net Payment Services v3.1',
        payments: [payment({ id: 1, pay_id: 35 }), payment({ id: 2, pay_id: 34 })],
      }),
      SETTINGS,
    );
    expect(m.payments.map((p) => [p.sourcePaymentId, p.gateway, p.mivaModule])).toEqual([
      [1, 'generic', null],
      [2, 'authorize_net', null],
    ]);
  });

  it('a store mapping applies in an order too', () => {
    const m = mapOrder(
      order({ payments: [payment({ id: 1, module: mivaModule('acmepay', 'AcmePay') })] }),
      settings({ paymentMappings: [{ mivaModule: 'acmepay', gateway: 'square' }] }),
    );
    expect(m.payments[0]?.gateway).toBe('square');
  });
});

describe('payment fields shared by every gateway', () => {
  it('maps Miva payment types 0-7', () => {
    const types = [0, 1, 2, 3, 4, 5, 6, 7].map(
      (type) => mapPayment(paidWith('authnet', 'Authorize.Net', '', { type })).type,
    );
    expect(types).toEqual([
      'declined',
      'authorization',
      'capture',
      'authorization',
      'capture',
      'sale',
      'refund',
      'void',
    ]);
  });

  it('keeps the amount positive as Miva records it, with the time of the payment', () => {
    const p = mapPayment(paidWith('authnet', 'Authorize.Net', '', { type: 6, amount: 12.5 }));
    expect(p).toMatchObject({
      type: 'refund',
      amount: '12.50',
      createdAt: new Date((PLACED_AT + 20) * 1000).toISOString(),
    });
  });

  it('lists a payment of a type Miva does not define as declined, with an order exception', () => {
    const m = mapOrder(order({ payments: [payment({ id: 7, type: 9 })] }), SETTINGS);
    expect(m.payments[0]?.type).toBe('declined');
    expect(m.exceptions).toEqual([
      {
        code: 'UNKNOWN_PAYMENT_TYPE',
        message: 'Payment 7 has Miva type 9, which Miva does not define; it is listed as declined.',
      },
    ]);
  });

  it('flags a payment Miva could not decrypt, and the order still maps', () => {
    const m = mapOrder(
      order({
        payments: [
          payment({ id: 8, decrypt_status: 'not_decrypted', decrypt_error: 'Invalid passphrase' }),
          payment({ id: 9, decrypt_status: 'decrypted', decrypt_error: '' }),
        ],
      }),
      SETTINGS,
    );
    expect(m.payments).toHaveLength(2);
    expect(m.exceptions).toEqual([
      {
        code: 'PAYMENT_NOT_DECRYPTED',
        message:
          "Miva could not decrypt payment 8's data: Invalid passphrase. Check the store's payment passphrase.",
      },
    ]);
  });

  it('never returns a card number or CVV, whatever field holds it', () => {
    const p = mapPayment(
      paidWith('acmepay', 'AcmePay', '', {
        refnum: '4111111111111111',
        cardbrand: '4111111111111111',
        data: { card_number: '4111-1111-1111-1111', cvv: '123', cvv2: '123', cc_exp: '12/30' },
      }),
    );
    const json = JSON.stringify(p);
    expect(json).not.toMatch(/4111111111111111|4111-1111|"123"/);
    expect(p.card).toEqual({
      brand: '************1111',
      last4: '1111',
      expMonth: 12,
      expYear: 2030,
    });
    expect(p.transactionId).toBe('************1111');
  });
});

describe("the simulator's gateway table (GATEWAY_FIXTURES)", () => {
  const card = first(TEST_CARDS, 'a test card');
  for (const f of GATEWAY_FIXTURES) {
    it(`${f.key}: ${f.expected.gateway}/${f.expected.processor}/${f.expected.method}`, () => {
      const rng = mulberry32(42);
      const p = mapPayment(
        payment({
          id: 1,
          refnum: f.refnum(rng),
          cardbrand: f.expected.hasCard ? card.brand : '',
          description: f.description(card),
          module: { ...f.module },
          data: f.data(rng, card, { email: 'jo@example.com', name: 'Jo Doe' }),
        }),
      );
      expect({
        gateway: p.gateway,
        processor: p.processor,
        method: p.method,
        hasCard: p.card !== null,
      }).toEqual(f.expected);
      if (p.card !== null) {
        expect(p.card.last4).toBe(card.last4);
      }
      expect(JSON.stringify(p)).not.toContain(card.number);
    });
  }
});
