import { firstField } from './payment-fields';
import { cardOrOther, defineGatewayMapper } from './payment-gateway-mapper';

// Braintree records the instrument used: credit_card, paypal_account, venmo_account,
// apple_pay_card (the registry turns that into an apple_pay payment), google_pay_card, ...
const INSTRUMENT_FIELDS = ['payment_instrument_type', 'instrument_type', 'payment_method_type'];

export const braintreePaymentMapper = defineGatewayMapper({
  gateway: 'braintree',
  code: (c) => c.includes('braintree'),
  name: (c) => c.includes('braintree'),
  provider: (c) => c.includes('braintree'),
  method: (facts) => {
    const instrument = firstField(facts.data, INSTRUMENT_FIELDS)?.toLowerCase() ?? '';
    if (instrument.includes('paypal')) {
      return 'paypal';
    }
    if (instrument.includes('venmo')) {
      return 'other';
    }
    return cardOrOther(facts);
  },
  transactionIdFields: ['braintree_transaction_id', 'transaction_id'],
});
