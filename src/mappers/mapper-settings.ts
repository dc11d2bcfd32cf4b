import type { Gateway } from './oms-order.types';

export type ProductIdentifier = 'sku' | 'code';
export type KitMode = 'sku' | 'parts';

export interface CustomFieldMapping {
  /** `<module>:<field code>` as Miva's CustomField_Values has it; a bare code means `customfields`. */
  mivaField: string;
  omsField: string;
}

export interface PaymentMapping {
  /** Miva payment module code (its name is accepted too), compared case-insensitively. */
  mivaModule: string;
  gateway: Gateway;
}

/** The per-store settings the mapping depends on. */
export interface MapperSettings {
  productIdentifier: ProductIdentifier;
  kitMode: KitMode;
  customFieldMappings: readonly CustomFieldMapping[];
  paymentMappings: readonly PaymentMapping[];
  /** ISO 4217 code of the store's currency; default 'USD'. */
  currency?: string;
}

export const DEFAULT_CURRENCY = 'USD';

export const DEFAULT_MAPPER_SETTINGS: MapperSettings = {
  productIdentifier: 'sku',
  kitMode: 'sku',
  customFieldMappings: [],
  paymentMappings: [],
  currency: DEFAULT_CURRENCY,
};
