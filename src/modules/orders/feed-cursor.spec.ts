import fc from 'fast-check';
import {
  decodeCursor,
  encodeCursor,
  FeedCursorError,
  FeedFilters,
  START_POSITION,
} from './feed-cursor';

const NONE: FeedFilters = { storeId: null, status: null, updatedSince: null, acknowledged: null };
const SOME: FeedFilters = {
  storeId: '6f1c2a4e-1b7d-4c1e-9a63-0d1f2e3a4b5c',
  status: 'shipped',
  updatedSince: '2026-11-22T09:00:00.000Z',
  acknowledged: false,
};

function problemOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return error instanceof FeedCursorError ? error.problem : 'other error';
  }
}

describe('feed cursor', () => {
  it('round-trips any bigint position under the same filters', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9223372036854775807n }), (position) => {
        const cursor = encodeCursor(position.toString(), SOME);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor, { ...SOME })).toBe(position.toString());
      }),
    );
    expect(decodeCursor(encodeCursor(START_POSITION, NONE), NONE)).toBe('0');
  });

  it('refuses a cursor replayed with other filters', () => {
    const cursor = encodeCursor('42', SOME);
    for (const other of [
      NONE,
      { ...SOME, storeId: null },
      { ...SOME, status: 'pending' },
      { ...SOME, updatedSince: '2026-11-22T09:00:00.001Z' },
      { ...SOME, acknowledged: true },
      { ...SOME, acknowledged: null },
    ]) {
      expect(problemOf(() => decodeCursor(cursor, other))).toBe('other-filters');
    }
  });

  it('refuses anything it did not issue, never throwing anything else', () => {
    const forged = (text: string): string => Buffer.from(text).toString('base64url');
    for (const cursor of [
      '',
      'not a cursor',
      '!!!!',
      'A'.repeat(201),
      forged('2.42.0123456789abcdef'),
      forged('1.-1.0123456789abcdef'),
      forged('1.042.0123456789abcdef'),
      forged('1.9223372036854775808.0123456789abcdef'),
      forged('1.42.0123456789ABCDEF'),
      forged('1.42'),
    ]) {
      expect(problemOf(() => decodeCursor(cursor, NONE))).toBe('malformed');
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(['malformed', 'other-filters']).toContain(problemOf(() => decodeCursor(text, NONE)));
      }),
    );
  });
});
