import { isoToLocalInput, localInputToIso, localTime, utcTitle } from './time';

describe('times', () => {
  it('shows the UTC value for the title', () => {
    expect(utcTitle('2026-11-22T09:00:05.123Z')).toBe('2026-11-22 09:00:05 UTC');
    expect(utcTitle(null)).toBeUndefined();
  });

  it('formats in the given zone, and a dash for none', () => {
    const tokyo = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Tokyo',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(localTime('2026-11-22T09:00:00.000Z', tokyo)).toBe('18:00');
    expect(localTime(null)).toBe('—');
  });

  it('round-trips a datetime-local value through UTC', () => {
    const iso = '2026-03-01T12:34:00.000Z';
    expect(localInputToIso(isoToLocalInput(iso))).toBe(iso);
    expect(localInputToIso('')).toBe('');
  });
});
