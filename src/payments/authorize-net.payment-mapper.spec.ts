import { mapPayment, paidWith } from './__fixtures__/payment.fixture';

const AUTHNET = [
  'authnet',
  'Authorize.Net Payment Services v3.1',
  'Authorize.Net, a Visa solution',
] as const;

describe('Authorize.Net', () => {
  it('maps a card payment, keeping only the last four digits of the account number', () => {
    const p = mapPayment(
      paidWith(...AUTHNET, {
        refnum: '60123456789',
        type: 3,
        data: {
          trans_id: '60123456789',
          auth_code: 'A1B2C3',
          card_type: 'MasterCard',
          account_number: 'XXXX4444',
          exp_month: '08',
          exp_year: '2029',
        },
      }),
    );
    expect(p).toMatchObject({
      gateway: 'authorize_net',
      processor: 'authorize_net',
      method: 'card',
      type: 'authorization',
      transactionId: '60123456789',
      card: { brand: 'MasterCard', last4: '4444', expMonth: 8, expYear: 2029 },
    });
  });

  it('recognises an Accept.js module by its name', () => {
    expect(mapPayment(paidWith('anetjs', 'Accept.js Hosted Fields', '')).gateway).toBe(
      'authorize_net',
    );
  });

  it("uses the gateway's trans_id when refnum is empty", () => {
    expect(
      mapPayment(paidWith(...AUTHNET, { refnum: '', data: { trans_id: '601' } })).transactionId,
    ).toBe('601');
  });
});
