import { createHash } from 'node:crypto';

// The cursor of GET /api/v1/shipments (newest first): the creation time (microseconds since the
// epoch, as Postgres stores it) and id of the last shipment served, plus a print of the filters
// it was issued for, so a cursor replayed under other filters is refused instead of misread.
// Like the orders feed's cursor it is encoded, not signed: a forged one only starts the caller at
// another place of a list it may read anyway.

const CURSOR_SHAPE = /^[A-Za-z0-9_-]{1,200}$/;
const PAYLOAD_SHAPE = /^1\.(0|[1-9]\d{0,18})\.([0-9a-f-]{36})\.([0-9a-f]{16})$/;

export interface ShipmentListFilters {
  storeId: string | null;
  status: string | null;
}

/** Where the next page starts: strictly older than this (created_at, id). */
export interface ShipmentListPosition {
  createdMicros: string;
  id: string;
}

export type ShipmentCursorProblem = 'malformed' | 'other-filters';

export class ShipmentCursorError extends Error {
  constructor(readonly problem: ShipmentCursorProblem) {
    super(
      problem === 'malformed'
        ? 'cursor is not a cursor this service issued'
        : 'cursor was issued for different filters; page with the filters it was issued for',
    );
    this.name = 'ShipmentCursorError';
  }
}

function filtersPrint(filters: ShipmentListFilters): string {
  return createHash('sha256')
    .update(JSON.stringify([filters.storeId, filters.status]))
    .digest('hex')
    .slice(0, 16);
}

export function encodeShipmentCursor(
  position: ShipmentListPosition,
  filters: ShipmentListFilters,
): string {
  const payload = `1.${position.createdMicros}.${position.id}.${filtersPrint(filters)}`;
  return Buffer.from(payload, 'utf8').toString('base64url');
}

/** The position to continue after; throws ShipmentCursorError for anything else. */
export function decodeShipmentCursor(
  cursor: string,
  filters: ShipmentListFilters,
): ShipmentListPosition {
  if (!CURSOR_SHAPE.test(cursor)) {
    throw new ShipmentCursorError('malformed');
  }
  const [, createdMicros, id, print] =
    PAYLOAD_SHAPE.exec(Buffer.from(cursor, 'base64url').toString('utf8')) ?? [];
  if (createdMicros === undefined || id === undefined) {
    throw new ShipmentCursorError('malformed');
  }
  if (print !== filtersPrint(filters)) {
    throw new ShipmentCursorError('other-filters');
  }
  return { createdMicros, id };
}
