// Money inside the mapper is integer cents; decimal strings exist only at the edge.

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;

/**
 * Converts a decimal amount to integer cents, rounding half away from zero on the decimal the
 * number was written as. Float noise (0.1 + 0.2) and binary artefacts (1.005 * 100 = 100.4999…)
 * both land on the cent a human would expect.
 */
export function toCents(n: number): number {
  if (!Number.isFinite(n)) {
    throw new RangeError('amount is not a finite number');
  }
  const x = n * 100;
  const r = Math.round(x);
  // Nearly every Miva amount is already at a whole cent: this is the fast path.
  if (Math.abs(x - r) < 1e-6) {
    return r === 0 ? 0 : r;
  }
  const s = String(n);
  if (s.includes('e')) {
    // Exponent notation: either far below a cent or far beyond float precision.
    return Math.abs(n) < 0.005 ? 0 : Math.round(x);
  }
  // String(n) is the shortest decimal that round-trips, i.e. what the amount was written as.
  return decimalStringToCents(s) ?? r;
}

/** Parses a decimal string ("12.5", "-3.00", "+7") to cents, half away from zero; null if not one. */
export function decimalStringToCents(s: string): number | null {
  const m = DECIMAL.exec(s.trim());
  if (m === null) {
    return null;
  }
  const negative = m[1] === '-';
  const whole = Number(m[2]);
  const frac = m[3] ?? '';
  let cents = whole * 100 + Number((frac + '00').slice(0, 2));
  if (frac.length > 2 && frac.charCodeAt(2) >= 53 /* '5' */) {
    cents += 1;
  }
  if (!Number.isSafeInteger(cents)) {
    return null;
  }
  return negative && cents !== 0 ? -cents : cents;
}

/** Formats integer cents as the contract's money string: 1250 → "12.50", -300 → "-3.00". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError('cents must be a safe integer');
  }
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const frac = abs % 100;
  return `${negative ? '-' : ''}${(abs - frac) / 100}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Parses a money string produced by formatCents back to cents. */
export function moneyToCents(money: string): number {
  const cents = decimalStringToCents(money);
  if (cents === null) {
    throw new RangeError('not a money string');
  }
  return cents;
}
