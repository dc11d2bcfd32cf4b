import { MivaError } from './miva-errors';
import { MivaListQuery, paginate, paginateItems, where } from './miva-list-query';
import type { MivaListResult } from '../../miva-model/miva.models';

describe('MivaListQuery', () => {
  it('builds the documented "updated since T and status in (100,201)" filter', () => {
    const params = MivaListQuery.create()
      .where(where.ge('dt_updated', 1718000000))
      .where(where.in('status', [100, 201]))
      .columns('items', 'charges')
      .columns('payments', 'items', 'CustomField_Values:*')
      .sort('id')
      .toParams();
    expect(params).toEqual({
      Filter: [
        { name: 'search', value: [{ field: 'dt_updated', operator: 'GE', value: '1718000000' }] },
        { name: 'search', value: [{ field: 'status', operator: 'IN', value: '100,201' }] },
        {
          name: 'ondemandcolumns',
          value: ['items', 'charges', 'payments', 'CustomField_Values:*'],
        },
      ],
      Sort: 'id',
    });
  });

  it('emits every operator with Miva value conventions', () => {
    const terms = [
      where.eq('a', 1),
      where.ne('a', 'x'),
      where.gt('a', 2),
      where.ge('a', 3),
      where.lt('a', 4),
      where.le('a', 5.5),
      where.contains('a', 'mid'),
      where.notContains('a', 'mid'),
      where.like('a', 'pre%'),
      where.notLike('a', '%suf'),
      where.in('a', ['x', 'y']),
      where.notIn('a', [1, 2, 3]),
      where.isTrue('b'),
      where.isFalse('b'),
      where.isNull('c'),
    ];
    expect(terms.map((t) => [t.operator, t.value])).toEqual([
      ['EQ', '1'],
      ['NE', 'x'],
      ['GT', '2'],
      ['GE', '3'],
      ['LT', '4'],
      ['LE', '5.5'],
      ['CO', 'mid'],
      ['NC', 'mid'],
      ['LIKE', 'pre%'],
      ['NOTLIKE', '%suf'],
      ['IN', 'x,y'],
      ['NOT_IN', '1,2,3'],
      ['TRUE', null],
      ['FALSE', null],
      ['NULL', null],
    ]);
  });

  it('nests SUBWHERE groups and top-level search_OR', () => {
    // (status = 100 AND (total > 50 OR ship_cntry = CA)) OR (status = 200 AND pay_status = 0)
    const params = MivaListQuery.create()
      .where(
        where.eq('status', 100),
        where.andAnyOf(where.gt('total', 50), where.eq('ship_cntry', 'CA')),
      )
      .orWhereAll(where.eq('status', 200), where.eq('pay_status', 0))
      .customFilter('payment', 'auth_0_capt')
      .customFilter('payment', 'partial_capt')
      .sort('orderdate', 'desc')
      .toParams();
    expect(params).toEqual({
      Filter: [
        {
          name: 'search',
          value: [
            { field: 'status', operator: 'EQ', value: '100' },
            {
              field: 'search_AND',
              operator: 'SUBWHERE',
              value: [
                { field: 'total', operator: 'GT', value: '50' },
                { field: 'ship_cntry', operator: 'EQ', value: 'CA' },
              ],
            },
          ],
        },
        {
          name: 'search_OR',
          value: [
            { field: 'status', operator: 'EQ', value: '200' },
            { field: 'pay_status', operator: 'EQ', value: '0' },
          ],
        },
        { name: 'payment', value: 'partial_capt' },
      ],
      Sort: '-orderdate',
    });
    expect(where.orAllOf(where.isTrue('x')).field).toBe('search_OR');
    expect(where.anyOf(where.isTrue('x')).field).toBe('search');
  });

  it('is immutable: a base query can be specialised twice', () => {
    const base = MivaListQuery.create().columns('items');
    const a = base.where(where.eq('id', 1));
    const b = base.sort('id', 'desc');
    expect(base.toParams()).toEqual({ Filter: [{ name: 'ondemandcolumns', value: ['items'] }] });
    expect(a.toParams().Filter).toHaveLength(2);
    expect(b.toParams().Sort).toBe('-id');
    expect(MivaListQuery.create().toParams()).toEqual({});
  });

  it('refuses values Miva would misread', () => {
    expect(() => where.in('a', [])).toThrow(RangeError);
    expect(() => where.in('a', ['x,y'])).toThrow(RangeError);
    expect(() => where.eq('a', Number.NaN)).toThrow(RangeError);
    expect(() => MivaListQuery.create().where()).toThrow(RangeError);
    expect(() => MivaListQuery.create().customFilter('search', 1)).toThrow(RangeError);
  });
});

// A live list that a test can change between page reads, served like Miva's Offset/Count.
class LiveList {
  rows: number[];
  inflight = 0;
  peakInflight = 0;
  calls: number[] = [];
  beforeRead?: (offset: number) => void;

  constructor(n: number) {
    this.rows = Array.from({ length: n }, (_, i) => i + 1);
  }

  fetch = async (offset: number, count: number): Promise<MivaListResult<number>> => {
    this.inflight += 1;
    this.peakInflight = Math.max(this.peakInflight, this.inflight);
    this.calls.push(offset);
    await new Promise((resolve) => setImmediate(resolve));
    this.beforeRead?.(offset);
    this.inflight -= 1;
    return {
      total_count: this.rows.length,
      start_offset: offset,
      data: this.rows.slice(offset, offset + count),
    };
  };
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of source) {
    out.push(value);
  }
  return out;
}

describe('paginate', () => {
  it('reads every page in order, sequentially or concurrently', async () => {
    for (const concurrency of [1, 4]) {
      const list = new LiveList(1005);
      const pages = await collect(paginate(list.fetch, { pageSize: 100, concurrency }));
      expect(pages.map((p) => p.offset)).toEqual([
        0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000,
      ]);
      expect(pages.flatMap((p) => p.items)).toEqual(list.rows);
      expect(list.peakInflight).toBeLessThanOrEqual(concurrency);
      if (concurrency > 1) {
        expect(list.peakInflight).toBeGreaterThan(1);
      }
    }
  });

  it('handles an empty list and an exact multiple of the page size', async () => {
    expect(await collect(paginate(new LiveList(0).fetch, { pageSize: 10 }))).toEqual([
      { offset: 0, totalCount: 0, items: [] },
    ]);
    const list = new LiveList(30);
    const pages = await collect(paginate(list.fetch, { pageSize: 10, concurrency: 3 }));
    expect(pages).toHaveLength(3);
    expect(list.calls).toEqual([0, 10, 20]);
  });

  it('follows a growing list to its new end without skipping rows', async () => {
    const list = new LiveList(250);
    let added = 0;
    list.beforeRead = (offset) => {
      if (offset === 100 && added === 0) {
        // Rows inserted at the front shift everything forward; others appended at the end.
        list.rows.unshift(-1, -2);
        list.rows.push(1001, 1002, 1003);
        added = 5;
      }
    };
    const items = await collect(paginateItems(list.fetch, { pageSize: 100, concurrency: 2 }));
    const original = Array.from({ length: 250 }, (_, i) => i + 1);
    for (const row of [...original, 1001, 1002, 1003]) {
      expect(items).toContain(row);
    }
  });

  it('fails loudly when the list shrinks mid-way (rows could be skipped)', async () => {
    const list = new LiveList(300);
    list.beforeRead = (offset) => {
      if (offset === 100) {
        list.rows.splice(0, 3);
      }
    };
    const seen: number[] = [];
    const walk = async () => {
      for await (const item of paginateItems(list.fetch, { pageSize: 100 })) {
        seen.push(item);
      }
    };
    await expect(walk()).rejects.toMatchObject({
      kind: 'pagination_inconsistent',
      message: expect.stringContaining('total_count shrank from 300 to 297'),
    });
    expect(seen).toHaveLength(100);
  });

  it('fails on a short page, an oversize page or a wrong start_offset', async () => {
    const short = (offset: number): Promise<MivaListResult<number>> =>
      Promise.resolve({
        total_count: 50,
        start_offset: offset,
        data: offset === 0 ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [11],
      });
    await expect(collect(paginate(short, { pageSize: 10 }))).rejects.toBeInstanceOf(MivaError);

    const oversize = (): Promise<MivaListResult<number>> =>
      Promise.resolve({
        total_count: 50,
        start_offset: 0,
        data: Array.from({ length: 11 }, (_, i) => i),
      });
    await expect(collect(paginate(oversize, { pageSize: 10 }))).rejects.toThrow(
      /asked for 10 rows/,
    );

    const shifted = (): Promise<MivaListResult<number>> =>
      Promise.resolve({
        total_count: 5,
        start_offset: 3,
        data: [1],
      });
    await expect(collect(paginate(shifted, { pageSize: 10 }))).rejects.toThrow(/start_offset 3/);
  });

  it('propagates a fetch failure and stops asking for more pages', async () => {
    const list = new LiveList(1000);
    const failing = async (offset: number, count: number) => {
      if (offset === 300) {
        throw new Error('page 4 failed');
      }
      return list.fetch(offset, count);
    };
    await expect(collect(paginate(failing, { pageSize: 100, concurrency: 2 }))).rejects.toThrow(
      'page 4 failed',
    );
    expect(Math.max(...list.calls)).toBeLessThanOrEqual(400);
  });

  it('can be abandoned early without unhandled rejections', async () => {
    const list = new LiveList(1000);
    for await (const page of paginate(list.fetch, { pageSize: 100, concurrency: 3 })) {
      if (page.offset >= 100) {
        break;
      }
    }
    expect(list.calls.length).toBeLessThanOrEqual(5);
  });

  it('rejects a page size of 0 (Miva would return everything)', async () => {
    await expect(collect(paginate(new LiveList(1).fetch, { pageSize: 0 }))).rejects.toThrow(
      RangeError,
    );
  });
});
