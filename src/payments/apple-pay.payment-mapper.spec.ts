import { mapPayment, paidWith } from './__fixtures__/payment.fixture';

describe('Apple Pay', () => {
  it('through Braintree (the apple_pay_card instrument): processor braintree', () => {
    const p = mapPayment(
      paidWith('braintree', 'Braintree Payment Services', 'Braintree', {
        cardbrand: 'Visa',
        description: 'Visa 1111',
        data: {
          payment_instrument_type: 'apple_pay_card',
          card_type: 'Apple Pay - Visa',
          last_4: '1111',
          expiration_month: '12',
          expiration_year: '2030',
        },
      }),
    );
    expect(p).toMatchObject({
      gateway: 'apple_pay',
      processor: 'braintree',
      mivaModule: 'braintree',
      method: 'apple_pay',
      card: { brand: 'Visa', last4: '1111', expMonth: 12, expYear: 2030 },
    });
  });

  it('through Authorize.Net (the description names Apple Pay): processor authorize_net', () => {
    const p = mapPayment(
      paidWith('authnet', 'Authorize.Net Payment Services v3.1', 'Authorize.Net', {
        description: 'Apple Pay (Visa 1111)',
        data: { trans_id: '60123456789', account_number: 'XXXX1111', card_type: 'Visa' },
      }),
    );
    expect(p).toMatchObject({
      gateway: 'apple_pay',
      processor: 'authorize_net',
      method: 'apple_pay',
    });
  });

  it('a dedicated Apple Pay module names its processor in its provider', () => {
    const p = mapPayment(paidWith('applepay', 'Apple Pay', 'Authorize.Net, a Visa solution'));
    expect(p).toMatchObject({
      gateway: 'apple_pay',
      processor: 'authorize_net',
      method: 'apple_pay',
    });
  });

  it("recognises Authorize.Net's Apple Pay data descriptor alone", () => {
    const p = mapPayment(
      paidWith('authnet', 'Authorize.Net', '', {
        description: 'Visa 1111',
        data: { data_descriptor: 'COMMON.APPLE.INAPP.PAYMENT', account_number: 'XXXX1111' },
      }),
    );
    expect(p).toMatchObject({ gateway: 'apple_pay', processor: 'authorize_net' });
  });

  it('is not fooled by a customer called Apple Payne or an applepay@ address', () => {
    const p = mapPayment(
      paidWith('braintree', 'Braintree', '', {
        description: 'Visa ending in 1111',
        data: {
          cardholder_name: 'Apple Payne',
          payer_email: 'applepay@example.com',
          last_4: '1111',
        },
      }),
    );
    expect(p).toMatchObject({ gateway: 'braintree', method: 'card' });
  });

  it('a data flag set to 0 is not Apple Pay', () => {
    const p = mapPayment(
      paidWith('authnet', 'Authorize.Net', '', {
        data: { apple_pay: '0', account_number: 'XXXX1111' },
      }),
    );
    expect(p).toMatchObject({ gateway: 'authorize_net', method: 'card' });
  });
});
