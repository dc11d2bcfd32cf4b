import {
  appliedResult,
  assessLevel,
  countTrueUp,
  positionOfEvent,
  trueUpEventId,
} from './true-up-plan';

const tracked = (stock: number) => ({ product_inventory_active: true, product_inventory: stock });

describe('assessLevel', () => {
  it('targets available minus reserved and moves Miva by the difference', () => {
    expect(assessLevel(42, 3, [tracked(37)], true, 'sku')).toEqual({
      reserved: 3,
      target: 39,
      miva: 37,
      delta: 2,
      result: null,
      message: null,
    });
  });

  it('reports the drift without applying it when apply is false', () => {
    expect(assessLevel(10, 0, [tracked(14)], false, 'sku')).toMatchObject({
      delta: -4,
      result: 'drifted',
    });
  });

  it('is in sync when Miva already holds the target, apply or not', () => {
    expect(assessLevel(10, 4, [tracked(6)], true, 'code')).toMatchObject({
      target: 6,
      delta: 0,
      result: 'in_sync',
    });
    expect(assessLevel(10, 4, [tracked(6)], false, 'code').result).toBe('in_sync');
  });

  it('lets the target go below zero when more is reserved than available (oversold)', () => {
    expect(assessLevel(1, 3, [tracked(0)], true, 'sku')).toMatchObject({ target: -2, delta: -2 });
  });

  it('reports an identifier with no product as unknown, naming the kind of identifier', () => {
    expect(assessLevel(5, 1, [], true, 'code')).toEqual({
      reserved: 1,
      target: 4,
      miva: null,
      delta: null,
      result: 'unknown',
      message: 'No Miva product has this product code',
    });
  });

  it('never writes an untracked product (Miva’s 0 is not a count)', () => {
    expect(
      assessLevel(5, 0, [{ product_inventory_active: false, product_inventory: 0 }], true, 'sku'),
    ).toMatchObject({ miva: null, delta: null, result: 'untracked' });
    expect(assessLevel(5, 0, [{}], true, 'sku').result).toBe('untracked');
  });

  it('fails an SKU that several products share, writing nothing', () => {
    expect(assessLevel(5, 0, [tracked(1), tracked(2)], true, 'sku')).toMatchObject({
      delta: null,
      result: 'failed',
    });
  });
});

describe('true-up event ids', () => {
  it('round-trips the position and rejects other ids', () => {
    const id = '5b0f0d0e-1d6c-4f7e-9a53-2b6f5f0c9a10';
    expect(positionOfEvent(id, trueUpEventId(id, 17))).toBe(17);
    expect(positionOfEvent(id, 'po-5512-line-3')).toBeUndefined();
    expect(positionOfEvent(id, `true-up:${id}:x`)).toBeUndefined();
    expect(positionOfEvent(id, trueUpEventId('another', 1))).toBeUndefined();
  });
});

describe('appliedResult', () => {
  it('follows the relay: pending, sent, parked with Miva’s message, never queued', () => {
    expect(appliedResult({ status: 'pending', lastError: 'timeout' })).toEqual({
      result: null,
      message: null,
    });
    expect(appliedResult({ status: 'sent', lastError: null }).result).toBe('applied');
    expect(appliedResult({ status: 'failed', lastError: 'Product not found' })).toEqual({
      result: 'failed',
      message: 'Product not found',
    });
    expect(appliedResult(undefined).result).toBe('failed');
  });
});

describe('countTrueUp', () => {
  it('counts every product not in sync as drifted, and each result once', () => {
    expect(
      countTrueUp([
        { result: 'in_sync', delta: 0 },
        { result: 'applied', delta: 2 },
        { result: 'unknown', delta: null },
      ]),
    ).toEqual({
      products: 3,
      inSync: 1,
      drifted: 2,
      applied: 1,
      unknown: 1,
      untracked: 0,
      failed: 0,
    });
  });

  it('counts an item still being applied as drifted, an unread one only as a product', () => {
    expect(
      countTrueUp([
        { result: null, delta: 5 },
        { result: null, delta: null },
        { result: 'drifted', delta: -1 },
        { result: 'untracked', delta: null },
        { result: 'failed', delta: 3 },
      ]),
    ).toEqual({
      products: 5,
      inSync: 0,
      drifted: 4,
      applied: 0,
      unknown: 0,
      untracked: 1,
      failed: 1,
    });
  });
});
