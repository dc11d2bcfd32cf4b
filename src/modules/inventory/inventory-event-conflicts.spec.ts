import { sortInventoryIntake } from './inventory-event-conflicts';

const ev = (eventId: string, identifier: string, delta: number) => ({ eventId, identifier, delta });

describe('sortInventoryIntake', () => {
  it('accepts what was recorded now and counts same-content repeats as duplicates', () => {
    const result = sortInventoryIntake(
      [ev('a', 'SKU-1', 5), ev('b', 'SKU-2', -1)],
      new Set(['a']),
      new Map([['b', { identifier: 'SKU-2', delta: -1 }]]),
    );
    expect(result).toEqual({ accepted: 1, duplicates: 1, conflicts: [] });
  });

  it('reports a repeated eventId with another identifier or delta as a conflict', () => {
    const result = sortInventoryIntake(
      [ev('b', 'SKU-2', 3), ev('c', 'SKU-X', 1)],
      new Set(),
      new Map([
        ['b', { identifier: 'SKU-2', delta: -1 }],
        ['c', { identifier: 'SKU-3', delta: 1 }],
      ]),
    );
    expect(result.accepted).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.conflicts).toEqual([
      { eventId: 'b', identifier: 'SKU-2', delta: 3, recorded: { identifier: 'SKU-2', delta: -1 } },
      { eventId: 'c', identifier: 'SKU-X', delta: 1, recorded: { identifier: 'SKU-3', delta: 1 } },
    ]);
  });

  it('compares a repeat inside one request with the occurrence that was recorded', () => {
    const result = sortInventoryIntake(
      [ev('a', 'SKU-1', 5), ev('a', 'SKU-1', 5), ev('a', 'SKU-1', 6)],
      new Set(['a']),
      new Map(),
    );
    expect(result.accepted).toBe(1);
    expect(result.duplicates).toBe(1);
    expect(result.conflicts).toEqual([
      { eventId: 'a', identifier: 'SKU-1', delta: 6, recorded: { identifier: 'SKU-1', delta: 5 } },
    ]);
  });
});
