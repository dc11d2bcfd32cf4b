import { mapPayment, paidWith } from './__fixtures__/payment.fixture';
import { paypalExpressPaymentMapper } from './paypal-express.payment-mapper';

describe('PayPal Express Checkout', () => {
  const data = { payer_id: 'PAYER1', payer_email: 'jo@example.com', transaction_id: '5TY12345AB' };

  it('is a PayPal wallet payment', () => {
    const p = mapPayment(
      paidWith('paypalexpress', 'PayPal Express Checkout', 'Miva, Inc.', {
        refnum: '5TY12345AB',
        data,
      }),
    );
    expect(p).toMatchObject({
      gateway: 'paypal_express',
      processor: 'paypal_express',
      mivaModule: 'paypalexpress',
      method: 'paypal',
      transactionId: '5TY12345AB',
      card: null,
    });
  });

  it('is recognised by name whatever the store called the module', () => {
    const p = paidWith('ppx2', 'PayPal Express Checkout', 'Miva, Inc.');
    expect(paypalExpressPaymentMapper.canHandle(p)).toBe(true);
    expect(mapPayment(p).gateway).toBe('paypal_express');
  });

  it("takes the transaction id from PayPal's data when refnum is empty", () => {
    expect(mapPayment(paidWith('paypalec', 'PayPal', '', { refnum: '', data })).transactionId).toBe(
      '5TY12345AB',
    );
  });
});
