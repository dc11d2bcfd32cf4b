import { defineGatewayMapper } from './payment-gateway-mapper';

// PayPal Express Checkout (and PayPal's newer Commerce Platform module): a PayPal wallet payment
// unless PayPal processed a card, which then shows its last digits.
export const paypalExpressPaymentMapper = defineGatewayMapper({
  gateway: 'paypal_express',
  code: (c) => c.includes('paypal') || c === 'ppec' || c === 'ppcp' || c.startsWith('ppexpress'),
  name: (c) => c.includes('paypal'),
  provider: (c) => c.includes('paypal'),
  method: ({ card }) => (card?.last4 ? 'card' : 'paypal'),
  transactionIdFields: ['paypal_transaction_id', 'capture_id', 'authorization_id', 'paypal_txn_id'],
});
