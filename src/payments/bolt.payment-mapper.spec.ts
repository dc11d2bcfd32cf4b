import { mapPayment, paidWith } from './__fixtures__/payment.fixture';

describe('Bolt', () => {
  it('maps a Bolt card payment with a YYYY-MM expiry', () => {
    const p = mapPayment(
      paidWith('bolt', 'Bolt Checkout', 'Bolt Financial, Inc.', {
        refnum: 'ABCD-1234-EFGH',
        data: { card_network: 'visa', card_last4: '1111', card_expiration: '2030-12' },
      }),
    );
    expect(p).toMatchObject({
      gateway: 'bolt',
      method: 'card',
      transactionId: 'ABCD-1234-EFGH',
      card: { brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 },
    });
  });

  it('needs "Bolt" as a word of its own', () => {
    expect(mapPayment(paidWith('bx', 'Bolt', '')).gateway).toBe('bolt');
    expect(mapPayment(paidWith('tb', 'Thunderbolts Pay', '')).gateway).toBe('generic');
  });
});
