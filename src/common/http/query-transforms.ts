import type { TransformFnParams } from 'class-transformer';

// Query strings arrive as strings: convert only what is unambiguously a number or a boolean and
// leave anything else as it is, so the validators reject it with a 400 (never coerce "abc" to NaN).

/** For `@Transform`: "42" → 42; anything else unchanged. */
export const toInt = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;

/** For `@Transform`: "true"/"false" → booleans; anything else unchanged. */
export const toBoolean = ({ value }: TransformFnParams): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
