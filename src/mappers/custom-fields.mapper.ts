import type { MivaCustomFieldValues } from '../miva-model/miva.models';
import { containsCardNumber, redactCardNumbers } from './card-number';
import type { CustomFieldMapping } from './mapper-settings';
import { MappingError } from './mapping.error';
import type { ReadContext } from './miva-input';
import type { OmsCustomFieldValue } from './oms-order.types';

/** Module whose fields are queue flags, not order content (they flip on every acknowledgement). */
export const ORDER_WORKFLOW_MODULE = 'orderworkflow';
/** Where Miva keeps the store's own order custom fields; a bare field code means this module. */
export const DEFAULT_CUSTOM_FIELD_MODULE = 'customfields';

export type SourceCustomFields = Record<string, Record<string, OmsCustomFieldValue>>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmptyArray(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}

function sanitizeValue(v: unknown): OmsCustomFieldValue {
  if (typeof v === 'string') {
    return redactCardNumbers(v);
  }
  if (typeof v === 'number') {
    // A numeric field holding a card number is still a card number.
    return Number.isFinite(v) && containsCardNumber(String(v)) ? redactCardNumbers(String(v)) : v;
  }
  if (typeof v === 'boolean' || v === null) {
    return v;
  }
  if (v === undefined) {
    return null;
  }
  return redactCardNumbers(JSON.stringify(v) ?? '');
}

/** Everything Miva sent except the orderworkflow module, with modules and fields in sorted order. */
export function mapSourceCustomFields(
  ctx: ReadContext,
  raw: MivaCustomFieldValues | null | undefined,
): SourceCustomFields {
  const out: SourceCustomFields = {};
  // Miva's JSON writer can render an empty collection as [].
  if (raw === undefined || raw === null || isEmptyArray(raw)) {
    return out;
  }
  if (!isPlainObject(raw)) {
    throw new MappingError(ctx.orderId, 'CustomField_Values', 'must be an object');
  }
  const modules = Object.keys(raw).sort();
  for (const mod of modules) {
    if (mod.toLowerCase() === ORDER_WORKFLOW_MODULE) {
      continue;
    }
    const fields: unknown = raw[mod];
    if (fields === null || fields === undefined || isEmptyArray(fields)) {
      continue;
    }
    if (!isPlainObject(fields)) {
      throw new MappingError(ctx.orderId, `CustomField_Values.${mod}`, 'must be an object');
    }
    const codes = Object.keys(fields).sort();
    if (codes.length === 0) {
      continue;
    }
    const values: Record<string, OmsCustomFieldValue> = {};
    for (const code of codes) {
      values[code] = sanitizeValue(fields[code]);
    }
    out[mod] = values;
  }
  return out;
}

/** The value under `key`, else under the first key equal to it ignoring case. */
function findValue<T>(record: Record<string, T>, key: string): T | undefined {
  if (Object.prototype.hasOwnProperty.call(record, key)) {
    return record[key];
  }
  const lower = key.toLowerCase();
  const match = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return match === undefined ? undefined : record[match];
}

function lookup(
  source: SourceCustomFields,
  mod: string,
  code: string,
): OmsCustomFieldValue | undefined {
  const fields = findValue(source, mod);
  return fields === undefined ? undefined : findValue(fields, code);
}

/**
 * The mapped custom fields under their OMS names. `mivaField` is `<module>:<field code>`; a bare
 * code (what support staff usually type) is looked up in `customfields` first, then in any other
 * module. Fields absent from the order or sent empty ("") are left out; the first mapping to an
 * OMS name wins.
 */
export function mapCustomFields(
  source: SourceCustomFields,
  mappings: readonly CustomFieldMapping[],
): Record<string, OmsCustomFieldValue> {
  const out: Record<string, OmsCustomFieldValue> = {};
  for (const m of mappings) {
    const omsField = m.omsField.trim();
    const mivaField = m.mivaField.trim();
    if (
      omsField === '' ||
      mivaField === '' ||
      Object.prototype.hasOwnProperty.call(out, omsField)
    ) {
      continue;
    }
    const colon = mivaField.indexOf(':');
    let value: OmsCustomFieldValue | undefined;
    if (colon >= 0) {
      value = lookup(source, mivaField.slice(0, colon).trim(), mivaField.slice(colon + 1).trim());
    } else {
      value = lookup(source, DEFAULT_CUSTOM_FIELD_MODULE, mivaField);
      if (value === undefined) {
        for (const mod of Object.keys(source)) {
          value = lookup(source, mod, mivaField);
          if (value !== undefined) {
            break;
          }
        }
      }
    }
    if (value !== undefined && value !== '') {
      out[omsField] = value;
    }
  }
  return out;
}
