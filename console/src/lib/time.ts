// Times come from the API in UTC (ISO-8601); people read them in their own zone, with the UTC
// value one hover away.

const LOCAL = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The time in the browser's zone, or '—' for none. */
export function localTime(
  iso: string | null | undefined,
  format: Intl.DateTimeFormat = LOCAL,
): string {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

/** The UTC form for the title attribute: `2026-11-22 09:00:00 UTC`. */
export function utcTitle(iso: string | null | undefined): string | undefined {
  if (!iso) {
    return undefined;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '')} UTC`;
}

/** A `datetime-local` input's value (browser zone) as an ISO UTC time; '' for none. */
export function localInputToIso(value: string): string {
  if (value === '') {
    return '';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** An ISO time as a `datetime-local` value in the browser's zone (minutes precision). */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
