import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import type { CustomFieldMapping, PaymentMapping } from '../../mappers/mapper-settings';

/** Names an element of the list in a detail: `[1]` for a body that is the list itself. */
export type ElementPath = (index: number) => string;

const bodyElement: ElementPath = (index) => `[${index}]`;

/**
 * What class-validator cannot see in a list of mappings: the same Miva field (or OMS name, or
 * payment module, compared case-insensitively as the payment mapping matches) given twice. One
 * detail per repeat, named by its place in the list (`[1].omsField`).
 */
export function customFieldMappingProblems(
  mappings: readonly CustomFieldMapping[],
  at: ElementPath = bodyElement,
): ErrorDetail[] {
  return [
    ...duplicates(mappings, at, 'mivaField', (m) => m.mivaField),
    ...duplicates(mappings, at, 'omsField', (m) => m.omsField),
  ];
}

export function paymentMappingProblems(
  mappings: readonly PaymentMapping[],
  at: ElementPath = bodyElement,
): ErrorDetail[] {
  return duplicates(mappings, at, 'mivaModule', (m) => m.mivaModule.toLowerCase());
}

function duplicates<T>(
  items: readonly T[],
  at: ElementPath,
  field: string,
  keyOf: (item: T) => string,
): ErrorDetail[] {
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) {
      details.push({
        field: `${at(index)}.${field}`,
        message: `${field} "${key}" is mapped twice`,
      });
    }
    seen.add(key);
  });
  return details;
}

/** A 400 with the details, if there are any. */
export function rejectProblems(details: readonly ErrorDetail[]): void {
  if (details.length > 0) {
    throw DomainError.validation([...details]);
  }
}

/** The mappings as plain objects, exactly the two fields each (what is saved or used). */
export function cleanCustomFieldMappings(
  mappings: readonly CustomFieldMapping[],
): CustomFieldMapping[] {
  return mappings.map(({ mivaField, omsField }) => ({ mivaField, omsField }));
}

export function cleanPaymentMappings(mappings: readonly PaymentMapping[]): PaymentMapping[] {
  return mappings.map(({ mivaModule, gateway }) => ({ mivaModule, gateway }));
}
