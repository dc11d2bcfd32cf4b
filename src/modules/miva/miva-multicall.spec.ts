import {
  continuationRange,
  judgeMulticallAnswer,
  multicallPayload,
  parseContentRange,
} from './miva-multicall';

describe('multicallPayload', () => {
  it('puts the function first, then its params, then its iterations', () => {
    expect(
      multicallPayload([
        { function: 'OrderList_Load_Query', params: { Count: 5 } },
        { function: 'Product_Update', params: { Edit_Product: 'a' }, iterations: [{ Price: 1 }] },
      ]),
    ).toEqual({
      Operations: [
        { Function: 'OrderList_Load_Query', Count: 5 },
        { Function: 'Product_Update', Edit_Product: 'a', Iterations: [{ Price: 1 }] },
      ],
    });
  });
});

describe('continuationRange', () => {
  it('is absent on the first request and names the rest after', () => {
    expect(continuationRange(0, 5)).toBeUndefined();
    expect(continuationRange(2, 5)).toBe('Operations=3-5');
  });
});

describe('parseContentRange', () => {
  it('reads <completed>/<total> with an optional unit and a * total', () => {
    expect(parseContentRange('2/5')).toEqual({ completed: 2, total: 5 });
    expect(parseContentRange('Operations 3 / 7')).toEqual({ completed: 3, total: 7 });
    expect(parseContentRange('4/*')).toEqual({ completed: 4, total: undefined });
    expect(parseContentRange('garbage')).toBeUndefined();
    expect(parseContentRange(undefined)).toBeUndefined();
  });
});

describe('judgeMulticallAnswer', () => {
  const first = { status: 206, completed: 0, total: 5 };

  it('completes a 200 with exactly the outstanding results', () => {
    expect(judgeMulticallAnswer({ status: 200, received: 5, completed: 0, total: 5 })).toEqual({
      kind: 'complete',
    });
    expect(judgeMulticallAnswer({ status: 200, received: 3, completed: 2, total: 5 })).toEqual({
      kind: 'complete',
    });
    expect(judgeMulticallAnswer({ status: 200, received: 4, completed: 0, total: 5 })).toEqual({
      kind: 'inconsistent',
      reason: '4 results for 5 operations',
    });
  });

  it('continues a 206 that returned some but not all outstanding results', () => {
    expect(judgeMulticallAnswer({ ...first, received: 2 })).toEqual({ kind: 'partial' });
    expect(judgeMulticallAnswer({ ...first, received: 0 }).kind).toBe('inconsistent');
    expect(judgeMulticallAnswer({ ...first, received: 5 }).kind).toBe('inconsistent');
  });

  it('accepts a Content-Range counting this answer or the absolute end, of the same total', () => {
    const later = { status: 206, received: 2, completed: 1, total: 5 };
    expect(judgeMulticallAnswer({ ...later, contentRange: '2/5' })).toEqual({ kind: 'partial' });
    expect(judgeMulticallAnswer({ ...later, contentRange: '3/5' })).toEqual({ kind: 'partial' });
    expect(judgeMulticallAnswer({ ...later, contentRange: '3/*' })).toEqual({ kind: 'partial' });
    expect(judgeMulticallAnswer({ ...later, contentRange: '4/5' })).toEqual({
      kind: 'inconsistent',
      reason: 'Content-Range 4/5 does not match 2 results of 5',
    });
    expect(judgeMulticallAnswer({ ...later, contentRange: '2/6' }).kind).toBe('inconsistent');
    expect(judgeMulticallAnswer({ ...later, contentRange: 'bytes' })).toEqual({ kind: 'partial' });
  });
});
