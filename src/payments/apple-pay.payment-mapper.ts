import { defineGatewayMapper } from './payment-gateway-mapper';

// Apple Pay is mostly recognised from the payment itself (description or data naming Apple Pay);
// a dedicated Apple Pay module is recognised here. The registry sets `processor` to the gateway
// that processed it (braintree, authorize_net, ...).
export const applePayPaymentMapper = defineGatewayMapper({
  gateway: 'apple_pay',
  code: (c) => c.includes('applepay'),
  name: (c) => c.includes('applepay'),
  method: () => 'apple_pay',
  transactionIdFields: ['transaction_id', 'trans_id', 'braintree_transaction_id'],
});
