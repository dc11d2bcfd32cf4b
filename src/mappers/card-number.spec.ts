import { containsCardNumber, passesLuhn, redactCardNumbers } from './card-number';

describe('card numbers in free text', () => {
  it('knows the Luhn check', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('378282246310005')).toBe(true);
  });

  it('masks a contiguous card number down to its last four digits', () => {
    expect(redactCardNumbers('card 4111111111111111 please')).toBe('card ************1111 please');
  });

  it('masks card numbers written in groups, keeping the separators', () => {
    expect(redactCardNumbers('4111 1111 1111 1111')).toBe('**** **** **** 1111');
    expect(redactCardNumbers('5555-5555-5555-4444 exp 12/30')).toBe(
      '****-****-****-4444 exp 12/30',
    );
    expect(redactCardNumbers('Amex 3782 822463 10005')).toBe('Amex **** ****** *0005');
  });

  it('finds a card number inside a longer run of groups', () => {
    const out = redactCardNumbers('4111 1111 1111 1111 2030');
    expect(out).toBe('**** **** **** 1111 2030');
    expect(containsCardNumber(out.replace(/ /g, ''))).toBe(false);
  });

  it('leaves numbers that are not card numbers alone', () => {
    const text = 'Order 200076, phone +1 619-555-0100, tracking 1Z999AA10123456784';
    expect(redactCardNumbers(text)).toBe(text);
    expect(redactCardNumbers('4111111111111112')).toBe('4111111111111112'); // fails Luhn
    expect(redactCardNumbers('12345678901234567890123')).toBe('12345678901234567890123'); // 23 digits
    expect(redactCardNumbers('Zoë ☕ 東京')).toBe('Zoë ☕ 東京');
  });

  it('detects 13-19 contiguous Luhn-valid digits', () => {
    expect(containsCardNumber('x4111111111111111y')).toBe(true);
    expect(containsCardNumber('4111111111111112')).toBe(false);
    expect(containsCardNumber('************1111')).toBe(false);
  });
});
