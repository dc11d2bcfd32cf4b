import { redactCardNumbers } from '../../mappers/card-number';
import type { PaymentMapping } from '../../mappers/mapper-settings';
import type { Gateway } from '../../mappers/oms-order.types';
import type { ModuleIdentity } from '../../payments';

/** The longest example shown, in characters (code points). */
export const EXAMPLE_MAX_CHARS = 80;

/** One custom field as the discovery query counts it. */
export interface CustomFieldCount {
  module: string;
  code: string;
  orders: number;
  lastSeenAt: Date;
  /** A value of the newest order that has a non-empty one (cut short by the query), or null. */
  example: string | null;
}

export interface DiscoveredCustomField {
  mivaField: string;
  orders: number;
  lastSeenAt: string;
  example: string;
}

/** One (code, name, provider) of payment modules as the discovery query counts it. */
export interface PaymentModuleCount extends ModuleIdentity {
  payments: number;
  /** The newest order with a payment of this identity (which name and provider are current). */
  lastOrderId: number;
}

export interface DiscoveredPaymentModule {
  mivaModule: string;
  name: string;
  provider: string;
  payments: number;
  recognisedAs: Gateway;
  mappedTo: Gateway | null;
}

/** What the payment registry says about a module (src/payments, passed in to keep this pure). */
export interface PaymentRecognizer {
  detect(identity: ModuleIdentity): Gateway | null;
  mappedTo(mappings: readonly PaymentMapping[], identity: ModuleIdentity): Gateway | null;
}

/**
 * A value fit to show: card numbers masked first (custom fields are free text that a shopper may
 * have typed a card number into), then at most EXAMPLE_MAX_CHARS characters, the last one an
 * ellipsis when cut.
 */
export function exampleOf(value: string | null): string {
  if (value === null) {
    return '';
  }
  const chars = Array.from(redactCardNumbers(value));
  return chars.length <= EXAMPLE_MAX_CHARS
    ? chars.join('')
    : `${chars.slice(0, EXAMPLE_MAX_CHARS - 1).join('')}…`;
}

/** Most frequent first; ties by field name, so the answer is stable. */
export function discoveredCustomFields(
  counts: readonly CustomFieldCount[],
): DiscoveredCustomField[] {
  return counts
    .map((c) => ({
      mivaField: `${c.module}:${c.code}`,
      orders: c.orders,
      lastSeenAt: c.lastSeenAt.toISOString(),
      example: exampleOf(c.example),
    }))
    .sort((a, b) => b.orders - a.orders || compareText(a.mivaField, b.mivaField));
}

/**
 * One entry per module: by its code, or by its name where the payments carried no code (a mapping
 * matches either, see findMapping in src/payments). A module seen under several names or
 * providers (renamed in Miva) is one entry showing the newest. Payments naming no module at all
 * cannot be mapped and are left out.
 */
export function discoveredPayments(
  counts: readonly PaymentModuleCount[],
  mappings: readonly PaymentMapping[],
  recognizer: PaymentRecognizer,
): DiscoveredPaymentModule[] {
  const byModule = new Map<string, { newest: PaymentModuleCount; payments: number }>();
  for (const c of counts) {
    const key =
      c.code !== '' ? `code\u0000${c.code}` : c.name !== '' ? `name\u0000${c.name}` : null;
    if (key === null) {
      continue;
    }
    const seen = byModule.get(key);
    if (seen === undefined) {
      byModule.set(key, { newest: c, payments: c.payments });
    } else {
      seen.payments += c.payments;
      if (c.lastOrderId > seen.newest.lastOrderId) {
        seen.newest = c;
      }
    }
  }
  return [...byModule.values()]
    .map(({ newest, payments }) => {
      const identity: ModuleIdentity = {
        code: newest.code,
        name: newest.name,
        provider: newest.provider,
      };
      return {
        mivaModule: newest.code !== '' ? newest.code : newest.name,
        name: newest.name,
        provider: newest.provider,
        payments,
        recognisedAs: recognizer.detect(identity) ?? 'generic',
        mappedTo: recognizer.mappedTo(mappings, identity),
      };
    })
    .sort((a, b) => b.payments - a.payments || compareText(a.mivaModule, b.mivaModule));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
