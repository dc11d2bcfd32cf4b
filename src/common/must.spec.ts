import { atLeast, first, must } from './must';

describe('must', () => {
  it('returns a present value, including falsy ones and null', () => {
    expect(must(0, 'zero')).toBe(0);
    expect(must('', 'empty')).toBe('');
    expect(must(null, 'null')).toBeNull();
  });

  it('throws naming what was expected when the value is undefined', () => {
    expect(() => must(undefined, 'the inserted row')).toThrow(
      'expected the inserted row, got nothing',
    );
  });
});

describe('first', () => {
  it('returns the first element', () => {
    expect(first([3, 4])).toBe(3);
  });

  it('throws on an empty list', () => {
    expect(() => first([], 'the RETURNING row')).toThrow('expected the RETURNING row, got nothing');
  });
});

describe('atLeast', () => {
  it('returns the items when there are enough', () => {
    const [a, b] = atLeast([1, 2, 3], 2);
    expect(a + b).toBe(3);
  });

  it('throws when there are fewer', () => {
    expect(() => atLeast([1], 2, 'orders')).toThrow('expected at least 2 orders, got 1');
  });
});
