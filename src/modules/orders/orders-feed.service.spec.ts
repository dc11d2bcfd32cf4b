import { first } from '../../common/must';
import { DEFAULT_MAPPER_SETTINGS } from '../../mappers/mapper-settings';
import { mapOrder } from '../../mappers/order.mapper';
import { generateOrders } from '../../simulator/order-generator';
import { classifyAcknowledgements, parseInstant, renderOrderJson } from './orders-feed.service';
import type { FeedOrderRow } from './order.rows';

const CONTRACT_KEYS = [
  'id',
  'storeId',
  'source',
  'sourceOrderId',
  'revision',
  'acknowledged',
  'changedAt',
  'status',
  'sourceStatus',
  'placedAt',
  'sourceUpdatedAt',
  'currency',
  'customer',
  'billTo',
  'shipTo',
  'shippingMethod',
  'lines',
  'charges',
  'payments',
  'notes',
  'customFields',
  'sourceCustomFields',
  'customerComments',
  'totals',
  'exceptions',
];

describe('renderOrderJson', () => {
  const order = first(generateOrders({ count: 1, seed: 3 }));
  const mapped = mapOrder(order, DEFAULT_MAPPER_SETTINGS);
  const row = (mappedJson: string): FeedOrderRow => ({
    id: '0b8f2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d',
    storeId: '6f1c2a4e-1b7d-4c1e-9a63-0d1f2e3a4b5c',
    mivaOrderId: order.id,
    revision: 3,
    acknowledged: true,
    changeSeq: '17',
    changedAt: '2026-11-22T09:00:00.123Z',
    mappedJson,
  });
  const expected = {
    id: '0b8f2d3c-5e6f-4a1b-8c9d-0e1f2a3b4c5d',
    storeId: '6f1c2a4e-1b7d-4c1e-9a63-0d1f2e3a4b5c',
    revision: 3,
    acknowledged: true,
    changedAt: '2026-11-22T09:00:00.123Z',
    ...mapped,
  };

  it('splices the stored mapped JSON into the contract Order, keys in contract order', () => {
    const json = renderOrderJson(row(JSON.stringify(mapped)));
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(CONTRACT_KEYS);
    expect(parsed).toEqual(expected);
  });

  it('rebuilds the same Order from mapped JSON stored in another key order', () => {
    // Keys reversed: the rebuilt Order is still in contract order.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(mapped).reverse()));
    expect(reordered.startsWith('{"exceptions"')).toBe(true);
    const json = renderOrderJson(row(reordered));
    expect(Object.keys(JSON.parse(json) as object)).toEqual(CONTRACT_KEYS);
    expect(JSON.parse(json)).toEqual(expected);
    expect(json).toBe(renderOrderJson(row(JSON.stringify(mapped))));
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-11-22T09:00:00Z', '2026-11-22T09:00:00.000Z'],
    ['2026-11-22T09:00:00.5Z', '2026-11-22T09:00:00.500Z'],
    ['2026-11-22T09:00:00.123456Z', '2026-11-22T09:00:00.123Z'],
    ['2026-11-22T09:00Z', '2026-11-22T09:00:00.000Z'],
    ['2026-11-22T10:00:00+01:00', '2026-11-22T09:00:00.000Z'],
    ['2026-11-22T04:00:00-0500', '2026-11-22T09:00:00.000Z'],
    ['2026-11-22', '2026-11-22T00:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseInstant(text)).toBe(iso);
  });

  it.each([
    'yesterday',
    '2026-11-22T09:00:00', // no zone: ambiguous
    '2026-02-30T00:00:00Z',
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-11-22T24:00:00Z',
    '2026-11-22T09:60:00Z',
    '2026-11-22T09:00:60Z',
    '2026-11-22T09:00:00+25:00',
    '1969-12-31T23:59:59Z',
    '2026-11-22 09:00:00Z',
    '',
  ])('%s is refused', (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});

describe('classifyAcknowledgements', () => {
  const requested = (entries: [string, number[]][]) =>
    new Map(entries.map(([id, revs]) => [id, new Set(revs)]));

  it('puts each id in exactly one outcome', () => {
    const result = classifyAcknowledgements(
      requested([
        ['a', [2]],
        ['b', [1]],
        ['c', [5]],
        ['d', [1]],
        ['e', [1, 2]],
      ]),
      [
        { id: 'a', revision: 2 },
        { id: 'b', revision: 2 },
        { id: 'c', revision: 2 },
        { id: 'e', revision: 2 },
      ],
      new Set(['a', 'e']),
    );
    expect(result).toEqual({ acknowledged: 2, stale: ['b'], unknown: ['c', 'd'] });
  });
});
