import fc from 'fast-check';
import { isoFromWholeSeconds } from './miva-input';

describe('isoFromWholeSeconds', () => {
  it('writes what Date#toISOString writes, for any second from 1970 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799 }), (s) => {
        expect(isoFromWholeSeconds(s)).toBe(new Date(s * 1000).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the edges: epoch, leap days, year ends', () => {
    for (const iso of [
      '1970-01-01T00:00:00.000Z',
      '2000-02-29T23:59:59.000Z',
      '2024-02-29T12:00:00.000Z',
      '2026-12-31T23:59:59.000Z',
      '2100-03-01T00:00:00.000Z',
      '9999-12-31T23:59:59.000Z',
    ]) {
      expect(isoFromWholeSeconds(Date.parse(iso) / 1000)).toBe(iso);
    }
  });
});
