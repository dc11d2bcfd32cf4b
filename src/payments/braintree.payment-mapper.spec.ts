import { mapPayment, paidWith } from './__fixtures__/payment.fixture';

const BRAINTREE = [
  'braintree',
  'Braintree Payment Services',
  'Braintree, a division of PayPal, Inc.',
] as const;

describe('Braintree', () => {
  it('maps a card payment with brand, last four and expiry', () => {
    const p = mapPayment(
      paidWith(...BRAINTREE, {
        refnum: 'k7x2m9qa',
        cardbrand: 'Visa',
        description: 'Visa ending in 1111',
        data: {
          transaction_id: 'k7x2m9qa',
          payment_instrument_type: 'credit_card',
          card_type: 'Visa',
          last_4: '1111',
          expiration_month: '12',
          expiration_year: '2030',
        },
      }),
    );
    expect(p).toMatchObject({
      gateway: 'braintree',
      processor: 'braintree',
      method: 'card',
      transactionId: 'k7x2m9qa',
      card: { brand: 'Visa', last4: '1111', expMonth: 12, expYear: 2030 },
    });
  });

  it('maps a PayPal account paid through Braintree as method paypal', () => {
    const p = mapPayment(
      paidWith(...BRAINTREE, { data: { payment_instrument_type: 'paypal_account' } }),
    );
    expect(p).toMatchObject({
      gateway: 'braintree',
      processor: 'braintree',
      method: 'paypal',
      card: null,
    });
  });

  it('is recognised by name when the store renamed the module code', () => {
    expect(mapPayment(paidWith('bt_v2', 'Braintree', 'Someone')).gateway).toBe('braintree');
  });

  it('without card data the method is other', () => {
    expect(mapPayment(paidWith(...BRAINTREE)).method).toBe('other');
  });
});
