import type { CustomFieldMapping, PaymentMapping } from '../api/types';

/** An OMS field name for a Miva field: `customfields:gift_msg` → `giftMsg`. */
export function suggestOmsField(mivaField: string): string {
  const code = mivaField.slice(mivaField.indexOf(':') + 1);
  const words = code.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const camel = words
    .map((w, i) =>
      i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join('');
  return /^[A-Za-z_]/.test(camel) ? camel : `_${camel}`;
}

/** The draft with `mivaField` mapped (added, or renamed if it is there). */
export function withCustomField(
  draft: readonly CustomFieldMapping[],
  mivaField: string,
  omsField: string = suggestOmsField(mivaField),
): CustomFieldMapping[] {
  if (draft.some((m) => m.mivaField === mivaField)) {
    return draft.map((m) => (m.mivaField === mivaField ? { mivaField, omsField } : m));
  }
  return [...draft, { mivaField, omsField }];
}

/** The draft with a payment module's override set, or removed (gateway ''). */
export function withPaymentOverride(
  draft: readonly PaymentMapping[],
  mivaModule: string,
  gateway: string,
): PaymentMapping[] {
  const others = draft.filter((m) => m.mivaModule !== mivaModule);
  return gateway === '' ? others : [...others, { mivaModule, gateway }];
}

export interface ValueChange {
  name: string;
  current: string;
  preview: string;
  changed: boolean;
}

const shown = (value: unknown): string =>
  value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** Field by field, what a preview changes in an order's custom fields. */
export function customFieldChanges(
  current: Record<string, unknown>,
  preview: Record<string, unknown>,
): ValueChange[] {
  const names = [...new Set([...Object.keys(current), ...Object.keys(preview)])].sort();
  return names.map((name) => {
    const a = shown(current[name]);
    const b = shown(preview[name]);
    return { name, current: a, preview: b, changed: a !== b };
  });
}
