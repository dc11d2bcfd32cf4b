import { cardOrOther, defineGatewayMapper } from './payment-gateway-mapper';

// Miva's "Credit Card Payment with Simple Validation" (module mod10): card details stored for
// offline processing. Its data fields are cc_card, cc_name, cc_number and cc_exp ("MM/YYYY").
export const mod10PaymentMapper = defineGatewayMapper({
  gateway: 'mod10',
  code: (c) => c.includes('mod10'),
  name: (c) => c.includes('simplevalidation') || c.includes('mod10'),
  method: cardOrOther,
});
