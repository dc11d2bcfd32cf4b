import { charge, item, order, SETTINGS } from '../mappers/__fixtures__/miva-order.fixture';
import { mapOrder } from '../mappers/order.mapper';
import { mapPayment, mivaModule, paidWith, payment } from './__fixtures__/payment.fixture';

describe('Customer credit', () => {
  it('is a store_credit payment', () => {
    const p = mapPayment(
      paidWith('customercredit', 'Customer Credit', 'Miva Merchant', { refnum: '' }),
    );
    expect(p).toMatchObject({
      gateway: 'customer_credit',
      processor: 'customer_credit',
      method: 'store_credit',
      transactionId: null,
      card: null,
    });
  });

  it("recognises the kit's module code (mmlsk-customercredit)", () => {
    expect(mapPayment(paidWith('mmlsk-customercredit', 'Credit', '')).gateway).toBe(
      'customer_credit',
    );
  });

  it('credit for part of the order and a card for the rest are two payments', () => {
    const m = mapOrder(
      order({
        items: [item({ line_id: 301, price: 40 })],
        charges: [charge({ charge_id: 1, type: 'SHIPPING', amount: 7.99 })],
        payments: [
          payment({
            id: 21,
            amount: 15,
            refnum: '',
            module: mivaModule('customercredit', 'Customer Credit'),
          }),
          payment({
            id: 22,
            amount: 32.99,
            refnum: '60123456789',
            cardbrand: 'Visa',
            module: mivaModule('authnet', 'Authorize.Net'),
            data: { account_number: 'XXXX1111' },
          }),
        ],
      }),
      SETTINGS,
    );
    expect(m.payments.map((p) => [p.sourcePaymentId, p.gateway, p.method, p.amount])).toEqual([
      [21, 'customer_credit', 'store_credit', '15.00'],
      [22, 'authorize_net', 'card', '32.99'],
    ]);
    expect(m.totals.total).toBe('47.99');
  });
});
