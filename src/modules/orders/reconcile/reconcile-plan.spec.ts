import {
  IdRange,
  listingParts,
  listingRanges,
  needsDownload,
  reconcileWindow,
} from './reconcile-plan';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const seconds = (iso: string): number => Date.parse(iso) / 1000;

describe('reconcileWindow', () => {
  it('defaults to the last reconcileDays days up to now', () => {
    expect(reconcileWindow({}, 2, NOW)).toEqual({
      from: seconds('2026-03-08T12:00:00Z'),
      to: seconds('2026-03-10T12:00:00Z'),
    });
  });

  it('counts reconcileDays back from a given to, and takes a given from as is', () => {
    expect(reconcileWindow({ to: '2026-01-05T00:00:00Z' }, 3, NOW)).toEqual({
      from: seconds('2026-01-02T00:00:00Z'),
      to: seconds('2026-01-05T00:00:00Z'),
    });
    // No upper bound on the length: a historical import may span years.
    expect(reconcileWindow({ from: '2019-01-01T00:00:00Z' }, 2, NOW)).toEqual({
      from: seconds('2019-01-01T00:00:00Z'),
      to: seconds('2026-03-10T12:00:00Z'),
    });
  });

  it('rounds both ends up to whole seconds, so [from, to) holds exactly the seconds inside', () => {
    // An order placed at 10:00:00 is before 10:00:00.500 (in) and before 10:00:00.200 (out).
    expect(
      reconcileWindow({ from: '2026-01-01T10:00:00.200Z', to: '2026-01-02T10:00:00.500Z' }, 2, NOW),
    ).toEqual({ from: seconds('2026-01-01T10:00:01Z'), to: seconds('2026-01-02T10:00:01Z') });
  });

  it('refuses an empty window, naming from', () => {
    expect(
      reconcileWindow({ from: '2026-01-02T00:00:00Z', to: '2026-01-02T00:00:00Z' }, 2, NOW),
    ).toEqual([{ field: 'from', message: 'must be before to' }]);
    expect(
      reconcileWindow({ from: '2026-01-03T00:00:00Z', to: '2026-01-02T00:00:00Z' }, 2, NOW),
    ).toEqual([expect.objectContaining({ field: 'from' })]);
    // A store with reconcileDays 0 has no default window.
    expect(reconcileWindow({}, 0, NOW)).toEqual([
      { field: 'from', message: expect.stringContaining('reconcileDays (0)') },
    ]);
  });

  it('refuses a date it cannot read', () => {
    expect(reconcileWindow({ to: 'soon' }, 2, NOW)).toEqual([
      { field: 'to', message: 'must be an ISO 8601 date' },
    ]);
  });
});

describe('needsDownload', () => {
  const stored = { dtUpdated: 1_000 };

  it('downloads an order not stored here, whatever the mode', () => {
    for (const mode of ['missing', 'changed', 'all'] as const) {
      expect(needsDownload(mode, 1_000, undefined)).toBe(true);
    }
  });

  it('missing: never a stored order, even one changed in Miva', () => {
    expect(needsDownload('missing', 2_000, stored)).toBe(false);
  });

  it('changed: only a stored order whose Miva dt_updated is newer', () => {
    expect(needsDownload('changed', 1_001, stored)).toBe(true);
    expect(needsDownload('changed', 1_000, stored)).toBe(false);
    expect(needsDownload('changed', 999, stored)).toBe(false);
    // Stored without a dt_updated while Miva has one: cannot tell, so read it.
    expect(needsDownload('changed', 1_000, { dtUpdated: null })).toBe(true);
    // Miva before 10.03 reports none: a change cannot be seen.
    expect(needsDownload('changed', null, stored)).toBe(false);
  });

  it('all: every order', () => {
    expect(needsDownload('all', 1_000, stored)).toBe(true);
    expect(needsDownload('all', null, stored)).toBe(true);
  });
});

describe('listingRanges', () => {
  /** Every id in (after, highest] and above falls in exactly one range. */
  function expectPartition(ranges: IdRange[], after: number, highest: number): void {
    for (let id = after + 1; id <= highest + 5; id++) {
      const holders = ranges.filter((r) => id > r.after && (r.upTo === null || id <= r.upTo));
      expect(holders).toHaveLength(1);
    }
    expect(ranges.filter((r) => r.upTo === null)).toEqual([ranges.at(-1)]);
  }

  it('splits the rest into equal spans, the last one open', () => {
    const ranges = listingRanges(100, 200, 4);
    expect(ranges).toEqual([
      { after: 100, upTo: 125 },
      { after: 125, upTo: 150 },
      { after: 150, upTo: 175 },
      { after: 175, upTo: null },
    ]);
    expectPartition(ranges, 100, 200);
  });

  it('makes no more ranges than ids, and one open range when there is nothing to split', () => {
    expectPartition(listingRanges(100, 102, 8), 100, 102);
    expect(listingRanges(100, 102, 8)).toHaveLength(2);
    expect(listingRanges(100, 100, 4)).toEqual([{ after: 100, upTo: null }]);
    expect(listingRanges(100, 90, 4)).toEqual([{ after: 100, upTo: null }]);
    expect(listingRanges(100, 200, 1)).toEqual([{ after: 100, upTo: null }]);
  });

  it('partitions uneven spans too', () => {
    for (const parts of [2, 3, 5, 7]) {
      expectPartition(listingRanges(7, 50, parts), 7, 50);
      expect(listingRanges(7, 50, parts)).toHaveLength(parts);
    }
  });
});

describe('listingParts', () => {
  it('never more parts than pages left nor than the concurrency', () => {
    expect(listingParts(500, 1000, 4)).toBe(1);
    expect(listingParts(2500, 1000, 4)).toBe(3);
    expect(listingParts(19_000, 1000, 4)).toBe(4);
    expect(listingParts(19_000, 1000, 1)).toBe(1);
  });
});
