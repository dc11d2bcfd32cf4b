import { cardOrOther, defineGatewayMapper } from './payment-gateway-mapper';

// Chase Paymentech Orbital gateway. "Chase" must be a word of its own ("Purchase Order" is not it).
const WORD_CHASE = /\bchase\b/i;
const WORD_ORBITAL = /\borbital\b/i;

export const chasePaymentechPaymentMapper = defineGatewayMapper({
  gateway: 'chase_paymentech',
  code: (c) => c.includes('paymentech') || c.startsWith('chase') || c.startsWith('orbital'),
  name: (c, raw) => c.includes('paymentech') || WORD_CHASE.test(raw) || WORD_ORBITAL.test(raw),
  provider: (c, raw) => c.includes('paymentech') || WORD_CHASE.test(raw),
  method: cardOrOther,
  transactionIdFields: ['txrefnum', 'tx_ref_num', 'txref', 'transaction_id'],
});
