// Public surface of the pure mapping core (no Nest, no TypeORM).
export { mapOrder } from './order.mapper';
export { mappedOrderHash, canonicalMappedOrderJson, canonicalJson } from './order-hash';
export { MappingError } from './mapping.error';
export { toCents, formatCents, moneyToCents, decimalStringToCents } from './money';
export { redactCardNumbers, containsCardNumber, passesLuhn } from './card-number';
export { productLineId, kitComponentLineId } from './lines.mapper';
export { discountLineId } from './discounts.mapper';
export { ORDER_WORKFLOW_MODULE } from './custom-fields.mapper';
export * from './mapper-settings';
export * from './oms-order.types';
