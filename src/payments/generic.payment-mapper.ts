import { readString } from '../mappers/miva-input';
import { defineGatewayMapper, moduleOf } from './payment-gateway-mapper';

// Check payments (Miva's "check" module, e-checks) are the one method a generic module can name.
const CHECK = /\b(e-?)?checks?\b/i;

/** The fallback for a module nobody recognised or mapped: never an error (docs/REST.md §5.4). */
export const genericPaymentMapper = defineGatewayMapper({
  gateway: 'generic',
  method: ({ payment, card }) => {
    const m = moduleOf(payment);
    if (CHECK.test(readString(m?.code)) || CHECK.test(readString(m?.name))) {
      return 'check';
    }
    return card !== null ? 'card' : 'other';
  },
});
