import { mapPayment, paidWith } from './__fixtures__/payment.fixture';

describe('Chase Paymentech', () => {
  it('maps an Orbital card payment with a MMYY expiry', () => {
    const p = mapPayment(
      paidWith(
        'chasepaymentech',
        'Chase Paymentech Orbital Gateway',
        'Chase Paymentech Solutions',
        {
          refnum: '',
          data: { tx_ref_num: '5F2A9C', card_brand: 'Visa', last_four: '1111', exp: '1230' },
        },
      ),
    );
    expect(p).toMatchObject({
      gateway: 'chase_paymentech',
      method: 'card',
      transactionId: '5F2A9C',
      card: { brand: 'Visa', last4: '1111', expMonth: 12, expYear: 2030 },
    });
  });

  it('recognises "Orbital" by name, but not a "Purchase Order" module', () => {
    expect(mapPayment(paidWith('orb', 'Orbital Gateway', '')).gateway).toBe('chase_paymentech');
    expect(mapPayment(paidWith('po', 'Purchase Order', 'Miva, Inc.')).gateway).toBe('generic');
  });
});
