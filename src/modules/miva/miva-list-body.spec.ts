import fc from 'fast-check';
import { must } from '../../common/must';
import { decodeListBody, sourceBytesOf } from './miva-list-body';

const listBody = (elements: unknown[], extra: Record<string, unknown> = {}): unknown => ({
  success: 1,
  data: { total_count: elements.length, start_offset: 0, data: elements, ...extra },
});

/** Whatever JSON.parse does with these bytes: its value, or that it throws. */
function parsed(body: Buffer): { value: unknown } | { throws: true } {
  try {
    return { value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { throws: true };
  }
}

function decoded(body: Buffer): { value: unknown } | { throws: true } {
  try {
    return { value: decodeListBody(body) };
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxError);
    return { throws: true };
  }
}

describe('decodeListBody', () => {
  it('keeps the exact bytes of each listed order, number formatting and non-ASCII text included', () => {
    const text =
      '{"success":1,"data":{"total_count":2,"start_offset":0,"data":[' +
      '{"id":1,"total":10.10,"ship_city":"Zürich \\"Nord\\" \\\\ ☃"} ,\n' +
      ' {"id":2,"items":[{"price":1e2,"name":"a]b}c"}]}]}}';
    const body = Buffer.from(text);
    const result = decodeListBody(body) as { data: { data: object[] } };
    expect(result).toEqual(JSON.parse(text));
    const [first, second] = result.data.data;
    expect(sourceBytesOf(must(first, 'order 1'))?.toString()).toBe(
      '{"id":1,"total":10.10,"ship_city":"Zürich \\"Nord\\" \\\\ ☃"}',
    );
    expect(sourceBytesOf(must(second, 'order 2'))?.toString()).toBe(
      '{"id":2,"items":[{"price":1e2,"name":"a]b}c"}]}',
    );
  });

  it('parses any other answer whole, keeping no bytes', () => {
    const error = { success: 0, error_code: 'access_denied', error_message: 'Access denied' };
    expect(decodeListBody(Buffer.from(JSON.stringify(error)))).toEqual(error);
    const notAList = { success: 1, data: { id: 5, data: { nested: [1] } } };
    const result = decodeListBody(Buffer.from(JSON.stringify(notAList))) as typeof notAList;
    expect(result).toEqual(notAList);
    expect(sourceBytesOf(result.data)).toBeUndefined();
  });

  it('equals JSON.parse for any list of JSON values, in any layout', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 6 }),
        fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
        fc.constantFrom(undefined, 1, '\t'),
        (elements, extra, indent) => {
          const body = Buffer.from(JSON.stringify(listBody(elements, extra), null, indent));
          const result = decodeListBody(body) as { data: { data: unknown[] } };
          expect(result).toEqual(JSON.parse(body.toString()));
          for (const element of result.data.data) {
            if (typeof element === 'object' && element !== null) {
              expect(JSON.parse(sourceBytesOf(element)!.toString())).toEqual(element);
            }
          }
        },
      ),
    );
  });

  it('fails exactly where JSON.parse fails: truncated or corrupted bodies', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.constantFrom('truncate', ',', ']', '}', '"', ' '),
        (elements, at, damage) => {
          const whole = Buffer.from(JSON.stringify(listBody(elements)));
          const i = at % whole.length;
          const body =
            damage === 'truncate'
              ? whole.subarray(0, i)
              : Buffer.concat([whole.subarray(0, i), Buffer.from(damage), whole.subarray(i)]);
          const expected = parsed(body);
          const actual = decoded(body);
          expect('throws' in actual).toBe('throws' in expected);
          if ('value' in expected && 'value' in actual) {
            expect(actual.value).toEqual(expected.value);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses elements not separated by commas', () => {
    const body = Buffer.from('{"success":1,"data":{"data":[{"id":1} {"id":2}]}}');
    expect(() => decodeListBody(body)).toThrow(SyntaxError);
  });
});
