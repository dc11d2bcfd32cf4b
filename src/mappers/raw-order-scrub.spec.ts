import fc from 'fast-check';
import { passesLuhn, redactCardNumbers } from './card-number';
import { isSecurityCodeKey, scrubRawOrder, scrubRawOrderText } from './raw-order-scrub';

const PAN = '4111111111111111';

function scrub(text: string): string {
  return scrubRawOrder(Buffer.from(text, 'utf8')).toString('utf8');
}

/** The reference: the same rules applied to the parsed value. */
function reference(value: unknown): unknown {
  if (typeof value === 'string') {
    return redactCardNumbers(value);
  }
  if (typeof value === 'number' && /^\d{13,19}$/.test(String(value)) && passesLuhn(String(value))) {
    return redactCardNumbers(String(value));
  }
  if (Array.isArray(value)) {
    return value.map(reference);
  }
  if (typeof value === 'object' && value !== null) {
    // fromEntries makes own properties, "__proto__" included, as JSON.parse does.
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !isSecurityCodeKey(k))
        .map(([k, v]) => [redactCardNumbers(k), reference(v)]),
    );
  }
  return value;
}

describe('scrubRawOrder', () => {
  it('masks a decrypted Mod10 card number and keeps every other byte', () => {
    const raw = `{"id":7,"payments":[{"data":{"card_type":"Visa","name":"Jö Smith","number":"${PAN}","expmo":"12"}}],"note":"caf\u00e9 1.50"}`;
    expect(scrub(raw)).toBe(
      '{"id":7,"payments":[{"data":{"card_type":"Visa","name":"Jö Smith","number":"************1111","expmo":"12"}}],"note":"caf\u00e9 1.50"}',
    );
  });

  it('masks numbers grouped by spaces or dashes, in any field, keeping the separators', () => {
    expect(
      scrub('{"comments":"card 4111 1111 1111 1111 please","x":["5500-0000-0000-0004"]}'),
    ).toBe('{"comments":"card **** **** **** 1111 please","x":["****-****-****-0004"]}');
  });

  it('masks a card number written as a JSON number', () => {
    expect(scrub(`{"cc":${PAN},"n":12}`)).toBe('{"cc":"************1111","n":12}');
  });

  it('decodes escapes before looking', () => {
    const escaped = '{"a":"\\u0034111111111111111\\n","b":"tab\\there"}';
    expect(JSON.parse(scrub(escaped))).toEqual({ a: '************1111\n', b: 'tab\there' });
  });

  it('drops security-code members wherever they are, with their commas', () => {
    expect(scrub('{"cvv":"123","a":1}')).toBe('{"a":1}');
    expect(scrub('{"a":1, "cc_cvv2" : "123" ,"b":2}')).toBe('{"a":1 ,"b":2}');
    expect(scrub('{"a":1,"security_code":"123"}')).toBe('{"a":1}');
    expect(scrub('{"CVC":"123"}')).toBe('{}');
    expect(scrub('{"cvv":"1","cid":"2","a":{"card_security_code":{"x":"4111111111111111"}}}')).toBe(
      '{"a":{}}',
    );
    expect(scrub('[{"cvv2":"123"},{"cvv_result":"M"}]')).toBe('[{},{"cvv_result":"M"}]');
  });

  it('leaves digit runs that are not card numbers alone', () => {
    const raw =
      '{"refnum":"4111111111111112","long":"41111111111111111111","phone":"555-123-4567"}';
    expect(scrub(raw)).toBe(raw);
  });

  it('returns the same buffer when there is nothing to scrub', () => {
    const raw = Buffer.from('{"id":1,"name":"Zoë","total":12.5}');
    expect(scrubRawOrder(raw)).toBe(raw);
  });

  it('rejects malformed JSON when it walks it', () => {
    expect(() => scrubRawOrder(Buffer.from('{"cvv":'))).toThrow(SyntaxError);
    expect(() => scrubRawOrder(Buffer.from(`{"cvv":1,"a":"${PAN}"`))).toThrow(SyntaxError);
  });

  it('leaves digits inside a longer number alone', () => {
    const raw = `{"a":-1.${PAN}e-269,"b":[${PAN}],"c":"x"}`;
    expect(scrub(raw)).toBe(`{"a":-1.${PAN}e-269,"b":["************1111"],"c":"x"}`);
  });

  it('names security-code keys, not their results', () => {
    for (const k of ['cvv', 'CVV2', 'cc_cvv', 'cvc', 'security_code', 'cardCode', 'cid', 'csc']) {
      expect(isSecurityCodeKey(k)).toBe(true);
    }
    for (const k of ['cvv_result', 'cvv_response', 'card_type', 'id', 'code']) {
      expect(isSecurityCodeKey(k)).toBe(false);
    }
  });

  it('agrees with the rules applied to the parsed value, on any JSON', () => {
    const cardish = fc.constantFrom(PAN, '4111 1111 1111 1111', '378282246310005', 'cvv', 'x');
    const key = fc.oneof(fc.string(), fc.constantFrom('cvv', 'cc_cvv2', 'security_code', 'number'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        cardish,
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value')),
        fc.dictionary(key, tie('value')),
      ),
    })).value;
    fc.assert(
      fc.property(json, fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(JSON.parse(scrubRawOrderText(text))).toEqual(reference(JSON.parse(text)));
      }),
      { numRuns: 500 },
    );
  });
});
