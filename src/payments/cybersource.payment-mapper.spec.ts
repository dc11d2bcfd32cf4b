import { mapPayment, paidWith } from './__fixtures__/payment.fixture';

describe('CyberSource', () => {
  it('maps a card payment; its 22-digit request id is not mistaken for a card number', () => {
    const p = mapPayment(
      paidWith('cybersource', 'CyberSource', 'CyberSource Corporation', {
        refnum: '6012345678901234567890',
        data: {
          card_type: 'MasterCard',
          masked_pan: '555555XXXXXX4444',
          exp_month: '08',
          exp_year: '2029',
        },
      }),
    );
    expect(p).toMatchObject({
      gateway: 'cybersource',
      method: 'card',
      transactionId: '6012345678901234567890',
      card: { brand: 'MasterCard', last4: '4444', expMonth: 8, expYear: 2029 },
    });
  });
});
