import { createHash } from 'node:crypto';

// A feed cursor is the feed position (orders.change_seq) of the last order served, plus a
// fingerprint of the filters it was issued for: the position alone is meaningless under other
// filters, so a cursor replayed with different ones is refused rather than silently misread.
// Positions are not secret: a forged cursor can only start the caller at another position of a
// feed it may read anyway, so the cursor is encoded, not signed.

const VERSION = '1';
/** change_seq is a Postgres bigint. */
const MAX_POSITION = 9223372036854775807n;
const CURSOR_SHAPE = /^[A-Za-z0-9_-]{1,200}$/;
const PAYLOAD_SHAPE = /^1\.(0|[1-9]\d{0,18})\.([0-9a-f]{16})$/;

/** The filters a cursor is bound to (normalised: the same filters always give the same print). */
export interface FeedFilters {
  storeId: string | null;
  status: string | null;
  /** ISO-8601 UTC instant. */
  updatedSince: string | null;
  acknowledged: boolean | null;
}

export interface FeedCursor {
  /** change_seq of the last order served, as a decimal string (a bigint); "0" = the start. */
  position: string;
  filters: string;
}

export type CursorProblem = 'malformed' | 'other-filters';

export class FeedCursorError extends Error {
  constructor(readonly problem: CursorProblem) {
    super(
      problem === 'malformed'
        ? 'cursor is not a cursor this service issued'
        : 'cursor was issued for different filters; page with the filters it was issued for',
    );
    this.name = 'FeedCursorError';
  }
}

export function filtersPrint(filters: FeedFilters): string {
  const canonical = JSON.stringify([
    filters.storeId,
    filters.status,
    filters.updatedSince,
    filters.acknowledged,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export function encodeCursor(position: string, filters: FeedFilters): string {
  return Buffer.from(`${VERSION}.${position}.${filtersPrint(filters)}`, 'utf8').toString(
    'base64url',
  );
}

/** The position to resume after; throws FeedCursorError for anything this service did not issue
 *  for these filters. */
export function decodeCursor(cursor: string, filters: FeedFilters): string {
  if (!CURSOR_SHAPE.test(cursor)) {
    throw new FeedCursorError('malformed');
  }
  const [, position, print] =
    PAYLOAD_SHAPE.exec(Buffer.from(cursor, 'base64url').toString('utf8')) ?? [];
  if (position === undefined || BigInt(position) > MAX_POSITION) {
    throw new FeedCursorError('malformed');
  }
  if (print !== filtersPrint(filters)) {
    throw new FeedCursorError('other-filters');
  }
  return position;
}

/** The start of the feed. */
export const START_POSITION = '0';
