// Defensive readers for Miva's JSON. The model types describe what Miva sends, but raw snapshots
// come from the network (and from older stored data), so each value is checked where it is read.
// Error paths are only built when something is wrong, to keep the happy path cheap.

import { MappingError } from './mapping.error';
import { decimalStringToCents, toCents } from './money';
import { redactCardNumbers } from './card-number';

export interface ReadContext {
  readonly orderId: number | null;
}

function where(list: string, index: number, field: string): string {
  return index < 0 ? field : `${list}[${index}].${field}`;
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/** A finite number (numeric strings accepted); throws MappingError otherwise. */
export function readNumber(
  ctx: ReadContext,
  v: unknown,
  list: string,
  index: number,
  field: string,
): number {
  if (typeof v === 'number' && Number.isFinite(v)) {
    return v;
  }
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) {
      return n;
    }
  }
  throw new MappingError(
    ctx.orderId,
    where(list, index, field),
    `must be a number, got ${describe(v)}`,
  );
}

/** An integer (numeric strings accepted); throws MappingError otherwise. */
export function readInt(
  ctx: ReadContext,
  v: unknown,
  list: string,
  index: number,
  field: string,
): number {
  const n = readNumber(ctx, v, list, index, field);
  if (!Number.isSafeInteger(n)) {
    throw new MappingError(ctx.orderId, where(list, index, field), 'must be an integer');
  }
  return n;
}

/** An optional integer: missing/null/"" → fallback. */
export function readOptionalInt(
  ctx: ReadContext,
  v: unknown,
  list: string,
  index: number,
  field: string,
  fallback: number,
): number {
  if (v === undefined || v === null || v === '') {
    return fallback;
  }
  return readInt(ctx, v, list, index, field);
}

/** A money amount in integer cents; throws MappingError when it is not a number. */
export function readCents(
  ctx: ReadContext,
  v: unknown,
  list: string,
  index: number,
  field: string,
): number {
  if (typeof v === 'number' && Number.isFinite(v)) {
    return toCents(v);
  }
  if (typeof v === 'string') {
    const cents = decimalStringToCents(v);
    if (cents !== null) {
      return cents;
    }
  }
  throw new MappingError(
    ctx.orderId,
    where(list, index, field),
    `must be an amount, got ${describe(v)}`,
  );
}

/** A money amount that may be absent (then 0). */
export function readOptionalCents(
  ctx: ReadContext,
  v: unknown,
  list: string,
  index: number,
  field: string,
): number {
  return v === undefined || v === null || v === '' ? 0 : readCents(ctx, v, list, index, field);
}

/** A plain string: null/undefined → "", numbers and booleans stringified, anything else → "". */
export function readString(v: unknown): string {
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return String(v);
  }
  return '';
}

/** Free text that could carry a card number typed by a customer: card numbers are masked. */
export function readText(v: unknown): string {
  return redactCardNumbers(readString(v));
}

/** An optional array: missing/null → []; anything but an array → MappingError. */
export function readArray<T>(ctx: ReadContext, v: T[] | null | undefined, field: string): T[] {
  if (v === undefined || v === null) {
    return [];
  }
  if (!Array.isArray(v)) {
    throw new MappingError(ctx.orderId, field, `must be an array, got ${describe(v)}`);
  }
  return v;
}

/** An element of an array that must be an object. */
export function readObject<T extends object>(
  ctx: ReadContext,
  v: T | null | undefined,
  list: string,
  index: number,
): T {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new MappingError(
      ctx.orderId,
      `${list}[${index}]`,
      `must be an object, got ${describe(v)}`,
    );
  }
  return v;
}

/** Unix seconds → UTC ISO-8601. */
export function isoFromUnix(
  ctx: ReadContext,
  v: unknown,
  list: string,
  index: number,
  field: string,
): string {
  const seconds = readNumber(ctx, v, list, index, field);
  if (Number.isSafeInteger(seconds) && seconds >= 0 && seconds <= MAX_FAST_SECONDS) {
    return isoFromWholeSeconds(seconds);
  }
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) {
    throw new MappingError(ctx.orderId, where(list, index, field), 'is not a valid time');
  }
  return d.toISOString();
}

/** 9999-12-31T23:59:59Z: the last second with a four-digit year. */
const MAX_FAST_SECONDS = 253_402_300_799;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * Unix seconds (0 … year 9999) → "YYYY-MM-DDTHH:MM:SS.000Z", exactly as Date#toISOString writes
 * it, with integer arithmetic only (Hinnant's civil-from-days): every order has several timestamps
 * and Date formatting was a visible share of the mapping time.
 */
export function isoFromWholeSeconds(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  let rest = seconds - days * 86_400;
  const hh = Math.floor(rest / 3_600);
  rest -= hh * 3_600;
  const mm = Math.floor(rest / 60);
  const ss = rest - mm * 60;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hh)}:${pad2(mm)}:${pad2(ss)}.000Z`;
}

/** Unix seconds → UTC ISO-8601, or null when absent or 0 (Miva's "never"). */
export function optionalIsoFromUnix(
  ctx: ReadContext,
  v: unknown,
  list: string,
  index: number,
  field: string,
): string | null {
  if (v === undefined || v === null || v === '' || v === 0 || v === '0') {
    return null;
  }
  return isoFromUnix(ctx, v, list, index, field);
}
