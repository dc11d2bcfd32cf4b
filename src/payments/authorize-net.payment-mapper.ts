import { cardOrOther, defineGatewayMapper } from './payment-gateway-mapper';

// Authorize.Net AIM/CIM and Accept.js (the hosted card fields) are the same gateway.
export const authorizeNetPaymentMapper = defineGatewayMapper({
  gateway: 'authorize_net',
  code: (c) =>
    c.includes('authnet') ||
    c.includes('authorizenet') ||
    c.includes('authorizedotnet') ||
    c.includes('acceptjs') ||
    c === 'anet' ||
    c === 'aimnet',
  name: (c) => c.includes('authorizenet') || c.includes('acceptjs') || c.includes('authnet'),
  provider: (c) => c.includes('authorizenet'),
  method: (facts) =>
    /echeck|bank account/i.test(facts.data.get('account_type') ?? facts.data.get('method') ?? '')
      ? 'check'
      : cardOrOther(facts),
  transactionIdFields: ['trans_id', 'transid', 'x_trans_id', 'transaction_id'],
});
