import { mapPayment, paidWith } from './__fixtures__/payment.fixture';

const MOD10 = ['mod10', 'Credit Card Payment with Simple Validation', 'Miva Merchant'] as const;

describe('Mod10 (credit card with simple validation)', () => {
  it('keeps only brand, last four and expiry of the decrypted card (report fields)', () => {
    const p = mapPayment(
      paidWith(...MOD10, {
        refnum: '',
        decrypt_status: 'decrypted',
        data: {
          cc_card: 'Visa',
          cc_name: 'Jo Doe',
          cc_number: '4111111111111111',
          cc_exp: '12/2030',
        },
      }),
    );
    expect(p).toMatchObject({
      gateway: 'mod10',
      method: 'card',
      transactionId: null,
      card: { brand: 'Visa', last4: '1111', expMonth: 12, expYear: 2030 },
    });
    expect(JSON.stringify(p)).not.toContain('4111111111111111');
    expect(JSON.stringify(p)).not.toContain('Jo Doe');
  });

  it('keeps only brand, last four and expiry of the decrypted card (secure data fields)', () => {
    const p = mapPayment(
      paidWith(...MOD10, {
        data: {
          card_type: 'Discover',
          number: '6011 1111 1111 1117',
          expmo: '11',
          expyear: '2028',
          cvv: '123',
        },
      }),
    );
    expect(p.card).toEqual({ brand: 'Discover', last4: '1117', expMonth: 11, expYear: 2028 });
    expect(JSON.stringify(p)).not.toMatch(/6011|123"/);
  });

  it('a payment read without the passphrase only has its brand', () => {
    const p = mapPayment(
      paidWith(...MOD10, {
        decrypt_status: 'not_decrypted',
        data: {
          cc_card: 'Visa',
          cc_name: '** Secured **',
          cc_number: '** Secured **',
          cc_exp: '** Secured **',
        },
      }),
    );
    expect(p.card).toEqual({ brand: 'Visa', last4: null, expMonth: null, expYear: null });
  });

  it("recognises the kit's module code (mmlsk-mod10)", () => {
    expect(mapPayment(paidWith('mmlsk-mod10', 'Cards', '')).gateway).toBe('mod10');
  });
});
