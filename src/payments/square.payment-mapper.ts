import { cardOrOther, defineGatewayMapper } from './payment-gateway-mapper';

export const squarePaymentMapper = defineGatewayMapper({
  gateway: 'square',
  code: (c) => c.includes('square'),
  name: (c) => c.includes('square'),
  provider: (c) => c.includes('square'),
  method: cardOrOther,
  transactionIdFields: ['square_payment_id', 'payment_id', 'transaction_id'],
});
