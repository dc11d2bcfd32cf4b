import { defineGatewayMapper } from './payment-gateway-mapper';

// Miva's native customer credit balance (module "customercredit", "Customer Credit"). A split
// checkout (credit + card) is two Miva payments and so two OMS payments.
export const customerCreditPaymentMapper = defineGatewayMapper({
  gateway: 'customer_credit',
  code: (c) => c.includes('customercredit') || c.includes('storecredit'),
  name: (c) =>
    c.includes('customercredit') || c.includes('storecredit') || c.includes('accountcredit'),
  method: () => 'store_credit',
});
