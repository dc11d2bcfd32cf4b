import {
  errorFromBody,
  MivaError,
  MivaErrorKind,
  parseWarnings,
  PROCESSED_SHORT,
} from './miva-errors';
import type { MivaResult, MivaSuccess } from './miva-client.types';

// What one decoded Miva answer means: a success envelope (with its warnings and any `processed`
// shortfall) or a MivaError. Pure: no I/O; the client scrubs secrets from the errors.

const READ_FUNCTION = /(_Load|_Load_Query|_Load_\w+|^MivaMerchantVersion)$/;

/** Whether a function only reads (used for the default of `idempotent`). */
export function isReadFunction(functionName: string): boolean {
  return READ_FUNCTION.test(functionName);
}

/** The name a request is reported under: the module function for `Function: Module`. */
export function labelOf(functionName: string, params: Record<string, unknown>): string {
  if (functionName === 'Module' && typeof params.Module_Function === 'string') {
    return params.Module_Function;
  }
  return functionName;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An answer that is not what Miva sends for this request; it may have been applied. */
export function badResponse(
  label: string,
  message: string,
  httpStatus: number | undefined,
): MivaError {
  return new MivaError(MivaErrorKind.BadResponse, message, {
    functionName: label,
    httpStatus,
    outcomeUnknown: true,
  });
}

/**
 * One result envelope (`{success, data, processed, warnings}` or a `success:0` error).
 * `expectedProcessed` flags a smaller (or missing) `processed` with a PROCESSED_SHORT warning.
 */
export function interpretResult<T>(
  value: unknown,
  label: string,
  expectedProcessed: number | undefined,
  httpStatus?: number,
): MivaResult<T> {
  const record = asRecord(value);
  if (!record || record.success === undefined) {
    return {
      ok: false,
      error: badResponse(label, `Miva ${label} answered without "success"`, httpStatus),
    };
  }
  if (record.success !== 1 && record.success !== true && record.success !== '1') {
    return { ok: false, error: errorFromBody(record, label, httpStatus) };
  }
  const warnings = parseWarnings(record.warnings);
  const processed =
    typeof record.processed === 'number'
      ? record.processed
      : typeof record.processed === 'string' && /^\d+$/.test(record.processed)
        ? Number(record.processed)
        : undefined;
  const result: MivaSuccess<T> = { ok: true, data: record.data as T, processed, warnings };
  if (expectedProcessed !== undefined) {
    if (processed === undefined) {
      warnings.push({
        identifier: '',
        code: PROCESSED_SHORT,
        message: `Miva ${label} did not report how many of ${expectedProcessed} entries it processed`,
      });
      result.shortfall = { expected: expectedProcessed, processed: 0 };
    } else if (processed < expectedProcessed) {
      warnings.push({
        identifier: '',
        code: PROCESSED_SHORT,
        message: `Miva ${label} processed ${processed} of ${expectedProcessed} entries`,
      });
      result.shortfall = { expected: expectedProcessed, processed };
    }
  }
  return result;
}

/** A `success:0` object (or anything else) where an array of results was expected. */
export function wholeRequestError(json: unknown, label: string, httpStatus: number): MivaError {
  const record = asRecord(json);
  if (record && (record.success === 0 || record.success === false)) {
    return errorFromBody(record, label, httpStatus);
  }
  return badResponse(label, `Miva ${label} answered an unexpected shape`, httpStatus);
}

/** Miva's "Timestamp outside configured window" refusal (re-stamping may cure it). */
export function isTimestampRejection(json: unknown): boolean {
  const record = asRecord(json);
  return (
    record !== undefined &&
    record.error_code === 'access_denied' &&
    typeof record.error_message === 'string' &&
    /timestamp outside/i.test(record.error_message)
  );
}
