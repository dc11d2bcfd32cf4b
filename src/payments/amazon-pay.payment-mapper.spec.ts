import { mapPayment, paidWith } from './__fixtures__/payment.fixture';

describe('Amazon Pay', () => {
  it('is an amazon_pay payment with its charge id', () => {
    const p = mapPayment(
      paidWith('amazonpay', 'Amazon Pay', 'Amazon Payments, Inc.', {
        refnum: '',
        data: {
          charge_permission_id: 'S01-1111111-2222222',
          charge_id: 'S01-1111111-2222222-C000001',
        },
      }),
    );
    expect(p).toMatchObject({
      gateway: 'amazon_pay',
      processor: 'amazon_pay',
      method: 'amazon_pay',
      transactionId: 'S01-1111111-2222222-C000001',
      card: null,
    });
  });

  it('is recognised by its provider when code and name say nothing', () => {
    expect(
      mapPayment(paidWith('apx', 'Pay with your account', 'Amazon Payments, Inc.')).gateway,
    ).toBe('amazon_pay');
  });
});
