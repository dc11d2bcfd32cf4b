import { cardOrOther, defineGatewayMapper } from './payment-gateway-mapper';

export const cybersourcePaymentMapper = defineGatewayMapper({
  gateway: 'cybersource',
  code: (c) => c.includes('cybersource') || c.startsWith('cybs'),
  name: (c) => c.includes('cybersource'),
  provider: (c) => c.includes('cybersource'),
  method: cardOrOther,
  transactionIdFields: ['request_id', 'requestid', 'transaction_id'],
});
