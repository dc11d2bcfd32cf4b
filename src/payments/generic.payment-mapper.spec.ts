import { mapPayment, paidWith, payment } from './__fixtures__/payment.fixture';

describe('generic (unrecognised modules)', () => {
  it('an unknown module is generic, never an error', () => {
    const p = mapPayment(
      paidWith('acmepay', 'AcmePay Hosted Checkout', 'Acme Payments Ltd.', { refnum: 'ACME-1' }),
    );
    expect(p).toMatchObject({
      gateway: 'generic',
      processor: 'generic',
      mivaModule: 'acmepay',
      method: 'other',
      transactionId: 'ACME-1',
      card: null,
    });
  });

  it("Miva's check module is method check", () => {
    expect(mapPayment(paidWith('check', 'Check Payment', 'Miva Merchant')).method).toBe('check');
    expect(mapPayment(paidWith('cod', 'Cash On Delivery', 'Miva Merchant')).method).toBe('other');
  });

  it('card data on an unknown module makes it a card payment', () => {
    expect(mapPayment(paidWith('acmepay', 'AcmePay', '', { cardbrand: 'Visa' })).method).toBe(
      'card',
    );
  });

  it('a payment without its module object (no payment_data) is generic with no module code', () => {
    expect(mapPayment(payment({ id: 1 }))).toMatchObject({ gateway: 'generic', mivaModule: null });
  });
});
