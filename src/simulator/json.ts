// Response building blocks: Miva's error shapes (docs/MIVA.md §4.1) and a serializer that splices
// pre-serialized order JSON (cached per order and column set) into responses without re-encoding.
import { must } from '../common/must';
/** A fragment of JSON text that `stringify` inserts verbatim. */
export class RawJson {
  constructor(readonly json: string) {}
}

export function stringify(value: unknown): string {
  if (value instanceof RawJson) {
    return value.json;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      out += (i > 0 ? ',' : '') + stringify(value[i]);
    }
    return out + ']';
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    let out = '{';
    let first = true;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) {
        continue;
      }
      out += (first ? '' : ',') + JSON.stringify(k) + ':' + stringify(v);
      first = false;
    }
    return out + '}';
  }
  return JSON.stringify(value) ?? 'null';
}

export type MivaResponse = Record<string, unknown>;

export function ok(data?: unknown): MivaResponse {
  return data === undefined ? { success: 1 } : { success: 1, data };
}

export function error(code: string, message: string): MivaResponse {
  return { success: 0, error_code: code, error_message: message };
}

export const accessDenied = (message = 'Access denied'): MivaResponse =>
  error('access_denied', message);

export interface FieldError {
  field: string;
  message: string;
}

/** `JSON_Response_InputErrors`: MER-JSN-00023 with every bad field. */
export function inputErrors(errors: FieldError[]): MivaResponse {
  const { field, message } = must(errors[0], 'an input error');
  return {
    success: 0,
    error_code: 'MER-JSN-00023',
    error_message: 'One or more parameters are invalid',
    validation_error: true,
    error_field: field,
    error_field_message: message,
    input_errors: true,
    error_fields: errors.map((e) => ({ error_field: e.field, error_message: e.message })),
  };
}

export const missingParam = (field: string): MivaResponse =>
  inputErrors([{ field, message: 'Missing required parameter' }]);

/** `JSON_Response_FieldError`: MER-JSN-00018, one field. */
export function fieldError(field: string, message: string): MivaResponse {
  return {
    success: 0,
    error_code: 'MER-JSN-00018',
    error_message: `Invalid value for field '${field}': ${message}`,
    validation_error: true,
    error_field: field,
    error_field_message: message,
    input_errors: true,
    error_fields: [{ error_field: field, error_message: message }],
  };
}

export class MivaError extends Error {
  constructor(readonly response: MivaResponse) {
    super(String(response.error_message));
  }
}
