// One error model for everything the Miva client can fail with. Callers switch on `kind`; `code`
// keeps Miva's own error_code. Messages are built from Miva's text and ours only: never from
// request bodies or headers, so no token, signing key or passphrase can leak into logs.

import { redactCardNumbers } from '../../mappers/card-number';

/** What went wrong, in the terms a caller acts on. */
export const MivaErrorKind = {
  /** Miva refused the credentials (token, IP, timestamp, signature, function not assigned). */
  AccessDenied: 'access_denied',
  /** Parameter validation (MER-JSN-00023 / -00018 / -00019, missing Store_Code, ...). */
  InvalidInput: 'invalid_input',
  /** A list-processed function rejected some entries (MER-JSN-00045 / -00021). */
  ListErrors: 'list_errors',
  /** Unknown function or module, or a missing Function/Module_Code/Module_Function. */
  InvalidFunction: 'invalid_function',
  /** The order, product, shipment, queue or store named does not exist. */
  NotFound: 'not_found',
  /** Any other `success:0` answer: a logical refusal that retrying will not change. */
  Rejected: 'rejected',
  /** HTTP 503 `api_offline`: the domain switched its API off. Retried. */
  ApiOffline: 'api_offline',
  /** Connection refused/reset, DNS failure, socket closed mid-response. Retried. */
  Network: 'network',
  /** No complete answer within `timeoutMs`. Retried. */
  Timeout: 'timeout',
  /** An unexpected HTTP status (5xx and 429 are retried; other statuses are not). */
  HttpStatus: 'http_status',
  /** A body that is not the JSON Miva sends (truncated, HTML error page, wrong shape). Retried. */
  BadResponse: 'bad_response',
  /** HTTP 416 on a multicall continuation: the Range we sent does not fit the request. */
  RangeNotSatisfiable: 'range_not_satisfiable',
  /** Paging found the list changing under it in a way that could skip rows. */
  PaginationInconsistent: 'pagination_inconsistent',
  /** The caller aborted the request. */
  Aborted: 'aborted',
  /** The connection settings themselves are unusable (bad URL, empty signing key, ...). */
  Config: 'config',
} as const;
export type MivaErrorKind = (typeof MivaErrorKind)[keyof typeof MivaErrorKind];

/** One offending input field, from `error_fields` / `error_field`. */
export interface MivaFieldError {
  field: string;
  message: string;
}

/** One rejected entry of a list-processed function (`errors[]`). */
export interface MivaListEntryError {
  identifier: string;
  code: string;
  message: string;
}

/** A warning Miva attached to a success or list error (`warnings[]`), or one of ours. */
export interface MivaWarning {
  identifier: string;
  code: string;
  message: string;
}

/** Our own warning code: Miva answered success but processed fewer entries than we sent. */
export const PROCESSED_SHORT = 'PROCESSED_SHORT';

export interface MivaErrorDetails {
  code?: string;
  httpStatus?: number;
  functionName?: string;
  fields?: MivaFieldError[];
  listErrors?: MivaListEntryError[];
  warnings?: MivaWarning[];
  processed?: number;
  /** Set by the client when it gives up: how many HTTP attempts were made. */
  attempts?: number;
  /**
   * True when the request may have reached Miva and been applied even though no answer came
   * back (a timeout or dropped connection after sending). Writes that are not idempotent are
   * never retried in that state; the caller must find out what happened.
   */
  outcomeUnknown?: boolean;
  /** Multicall only: operations whose results had been received before the failure. */
  completedOperations?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

const RETRYABLE: ReadonlySet<MivaErrorKind> = new Set<MivaErrorKind>([
  MivaErrorKind.ApiOffline,
  MivaErrorKind.Network,
  MivaErrorKind.Timeout,
  MivaErrorKind.BadResponse,
]);

export class MivaError extends Error {
  override readonly name = 'MivaError';
  readonly kind: MivaErrorKind;
  readonly code?: string;
  readonly httpStatus?: number;
  readonly functionName?: string;
  readonly fields: MivaFieldError[];
  readonly listErrors: MivaListEntryError[];
  readonly warnings: MivaWarning[];
  readonly processed?: number;
  attempts?: number;
  outcomeUnknown: boolean;
  completedOperations?: number;
  readonly retryAfterMs?: number;

  constructor(kind: MivaErrorKind, message: string, details: MivaErrorDetails = {}) {
    // Miva's messages can quote what was sent or stored: never a card number, in logs or rows.
    super(
      redactCardNumbers(message),
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.kind = kind;
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.functionName = details.functionName;
    this.fields = details.fields ?? [];
    this.listErrors = details.listErrors ?? [];
    this.warnings = details.warnings ?? [];
    this.processed = details.processed;
    this.attempts = details.attempts;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    this.completedOperations = details.completedOperations;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Transient faults worth another attempt (subject to idempotency, see miva-retry-policy.ts). */
  get retryable(): boolean {
    if (this.kind === MivaErrorKind.HttpStatus) {
      return this.httpStatus !== undefined && (this.httpStatus >= 500 || this.httpStatus === 429);
    }
    return RETRYABLE.has(this.kind);
  }
}

export function isMivaError(value: unknown): value is MivaError {
  return value instanceof MivaError;
}

/**
 * Miva (or the web server in front of it) refused our credentials: token, signature, timestamp,
 * IP. The store is then paused as `unauthorized` until its credentials are patched, whether the
 * refusal came during a download or a relay.
 */
export function isCredentialRefusal(error: unknown): boolean {
  return error instanceof MivaError && error.kind === MivaErrorKind.AccessDenied;
}

// Codes whose meaning is "the thing named does not exist" (docs/MIVA.md §4.2).
const NOT_FOUND_CODES = new Set([
  'MER-JSN-ORD-00025',
  'MER-JSN-PRD-00070',
  'MER-JSN-PRD-00013',
  'MER-JSN-PRD-00014',
  'MER-JSN-PRD-00071',
  'MER-UTIL-ORWF-00030',
  'MER-JSN-SHP-00039',
  'MER-JSN-SHP-00040',
]);

const INVALID_FUNCTION_CODES = new Set([
  'invalid_function',
  'invalid_module',
  'MER-JSN-00024',
  'MER-JSN-00025',
  'MER-JSN-00026',
  'MER-UTIL-ORWF-00117',
]);

const INPUT_CODES = new Set([
  'MER-JSN-ORD-00058',
  'MER-JSN-00017',
  'MER-JSN-00018',
  'MER-JSN-00019',
  'MER-JSN-00023',
]);
const LIST_CODES = new Set(['MER-JSN-00045', 'MER-JSN-00021']);

function str(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return '';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Reads `warnings[]` in either the `{code,message}` or `{error_code,error_message}` spelling. */
export function parseWarnings(value: unknown): MivaWarning[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.flatMap((entry) => {
    const w = asRecord(entry);
    if (!w) {
      return [];
    }
    return [
      {
        identifier: str(w.identifier),
        code: str(w.code ?? w.error_code),
        message: str(w.message ?? w.error_message),
      },
    ];
  });
}

function parseFieldErrors(body: Record<string, unknown>): MivaFieldError[] {
  const fields: MivaFieldError[] = [];
  if (Array.isArray(body.error_fields)) {
    for (const entry of body.error_fields) {
      const f = asRecord(entry);
      if (f) {
        fields.push({ field: str(f.error_field), message: str(f.error_message) });
      }
    }
  }
  if (fields.length === 0 && typeof body.error_field === 'string') {
    fields.push({
      field: body.error_field,
      message: str(body.error_field_message ?? body.error_message),
    });
  }
  return fields;
}

function parseListErrors(body: Record<string, unknown>): MivaListEntryError[] {
  if (!Array.isArray(body.errors)) {
    return [];
  }
  return body.errors.flatMap((entry) => {
    const e = asRecord(entry);
    if (!e) {
      return [];
    }
    return [
      {
        identifier: str(e.identifier),
        code: str(e.error_code ?? e.code),
        message: str(e.error_message ?? e.message),
      },
    ];
  });
}

/** The kind of a `success:0` body, from its error_code and flags (docs/MIVA.md §4). */
export function classifyErrorCode(code: string, body: Record<string, unknown> = {}): MivaErrorKind {
  if (code === 'access_denied') {
    return MivaErrorKind.AccessDenied;
  }
  if (code === 'api_offline') {
    return MivaErrorKind.ApiOffline;
  }
  if (INVALID_FUNCTION_CODES.has(code)) {
    return MivaErrorKind.InvalidFunction;
  }
  if (body.list_error === true || LIST_CODES.has(code)) {
    return MivaErrorKind.ListErrors;
  }
  if (
    body.validation_error === true ||
    body.input_errors === true ||
    INPUT_CODES.has(code) ||
    typeof body.error_field === 'string'
  ) {
    return MivaErrorKind.InvalidInput;
  }
  if (NOT_FOUND_CODES.has(code) || /\bnot found\b/i.test(str(body.error_message))) {
    return MivaErrorKind.NotFound;
  }
  return MivaErrorKind.Rejected;
}

/** Turns a Miva `success:0` object into a MivaError. */
export function errorFromBody(
  body: Record<string, unknown>,
  functionName: string | undefined,
  httpStatus?: number,
): MivaError {
  const code = str(body.error_code) || 'unknown';
  const kind = classifyErrorCode(code, body);
  const fields = parseFieldErrors(body);
  const listErrors = parseListErrors(body);
  const miva = str(body.error_message) || 'no error message';
  const detail: string[] = [];
  if (fields.length > 0) {
    detail.push(fields.map((f) => `${f.field}: ${f.message}`).join('; '));
  }
  if (listErrors.length > 0) {
    const shown = listErrors.slice(0, 5).map((e) => `${e.identifier}: ${e.message}`);
    if (listErrors.length > shown.length) {
      shown.push(`and ${listErrors.length - shown.length} more`);
    }
    detail.push(shown.join('; '));
  }
  const where = functionName ? `Miva ${functionName}` : 'Miva';
  const message = `${where} failed: [${code}] ${miva}${detail.length > 0 ? ` (${detail.join(' | ')})` : ''}`;
  return new MivaError(kind, message, {
    code,
    httpStatus,
    functionName,
    fields,
    listErrors,
    warnings: parseWarnings(body.warnings),
    processed: typeof body.processed === 'number' ? body.processed : undefined,
  });
}

/** Replaces every occurrence of the given secrets in a text (defence in depth for messages). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words; real tokens and keys are long.
    if (secret && secret.length >= 6) {
      out = out.split(secret).join('[redacted]');
    }
  }
  return out;
}
