import { mapPayment, paidWith } from './__fixtures__/payment.fixture';

describe('Square', () => {
  it('maps a Square card payment', () => {
    const p = mapPayment(
      paidWith('square', 'Square', 'Square, Inc.', {
        refnum: '',
        data: {
          payment_id: 'qJ7KhC1mYzZ',
          card_brand: 'AMERICAN_EXPRESS',
          last_4: '8431',
          exp_month: '3',
          exp_year: '2031',
        },
      }),
    );
    expect(p).toMatchObject({
      gateway: 'square',
      processor: 'square',
      method: 'card',
      transactionId: 'qJ7KhC1mYzZ',
      card: { brand: 'AMERICAN_EXPRESS', last4: '8431', expMonth: 3, expYear: 2031 },
    });
  });

  it('is recognised by provider', () => {
    expect(mapPayment(paidWith('sqpay', 'Card payments', 'Square, Inc.')).gateway).toBe('square');
  });
});
