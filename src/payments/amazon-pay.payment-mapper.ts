import { defineGatewayMapper } from './payment-gateway-mapper';

export const amazonPayPaymentMapper = defineGatewayMapper({
  gateway: 'amazon_pay',
  code: (c) => c.includes('amazon') || c.startsWith('amzpay') || c === 'apay',
  name: (c) => c.includes('amazon'),
  provider: (c) => c.includes('amazon'),
  method: () => 'amazon_pay',
  transactionIdFields: [
    'amazon_charge_id',
    'charge_id',
    'amazon_capture_id',
    'capture_id',
    'amazon_authorization_id',
    'authorization_id',
    'charge_permission_id',
    'amazon_order_reference_id',
    'order_reference_id',
  ],
});
