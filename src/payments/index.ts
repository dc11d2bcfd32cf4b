// Public surface of the per-gateway payment mappers.
export {
  BUILT_IN_PAYMENT_MAPPERS,
  PaymentMapperRegistry,
  defaultPaymentMapperRegistry,
  findMapping,
  mapPayments,
  type ModuleIdentity,
  type OrderPaymentHints,
  type PaymentRecognition,
} from './payment-mapper.registry';
export {
  defineGatewayMapper,
  type GatewayDefinition,
  type PaymentGatewayMapper,
  type PaymentMappingContext,
  type RecognitionLevel,
} from './payment-gateway-mapper';
export { genericPaymentMapper } from './generic.payment-mapper';
