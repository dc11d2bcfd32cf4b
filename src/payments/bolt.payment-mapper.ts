import { cardOrOther, defineGatewayMapper } from './payment-gateway-mapper';

const WORD_BOLT = /\bbolt\b/i;

export const boltPaymentMapper = defineGatewayMapper({
  gateway: 'bolt',
  code: (c) => c === 'bolt' || c.startsWith('bolt'),
  // "Bolt" must be a word of its own in free text.
  name: (_c, raw) => WORD_BOLT.test(raw),
  provider: (_c, raw) => WORD_BOLT.test(raw),
  method: cardOrOther,
  transactionIdFields: ['transaction_reference', 'bolt_reference', 'reference', 'transaction_id'],
});
