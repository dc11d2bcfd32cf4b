import { decimalStringToCents, formatCents, moneyToCents, toCents } from './money';

describe('money in integer cents', () => {
  it('lands float noise on the intended cent', () => {
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(19.99 * 3)).toBe(5997);
    expect(toCents(1.005)).toBe(101); // 1.005 * 100 is 100.4999… in binary
    expect(toCents(-1.005)).toBe(-101);
    expect(toCents(2.675)).toBe(268);
  });

  it('rounds sub-cent amounts half away from zero and never yields -0', () => {
    expect(toCents(0.004)).toBe(0);
    expect(toCents(0.005)).toBe(1);
    expect(Object.is(toCents(-0.001), 0)).toBe(true);
    expect(toCents(1e-9)).toBe(0);
  });

  it('refuses NaN and Infinity', () => {
    expect(() => toCents(Number.NaN)).toThrow(RangeError);
    expect(() => toCents(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('formats cents as the contract money string', () => {
    expect(formatCents(1250)).toBe('12.50');
    expect(formatCents(-300)).toBe('-3.00');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(123456789)).toBe('1234567.89');
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });

  it('parses decimal strings exactly', () => {
    expect(decimalStringToCents('12.5')).toBe(1250);
    expect(decimalStringToCents('-3.00')).toBe(-300);
    expect(decimalStringToCents('+7')).toBe(700);
    expect(decimalStringToCents('0.125')).toBe(13);
    expect(decimalStringToCents('-0.001')).toBe(0);
    expect(decimalStringToCents('$1.00')).toBeNull();
    expect(decimalStringToCents('1e3')).toBeNull();
    expect(moneyToCents(formatCents(-4250))).toBe(-4250);
    expect(() => moneyToCents('abc')).toThrow(RangeError);
  });
});
