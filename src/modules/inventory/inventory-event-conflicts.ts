// Pure rule of repeated inventory eventIds: an eventId is one delta of one product, forever. A
// repeat with the same identifier and delta is a duplicate (the OMS retrying); a repeat with
// another identifier or delta is a conflict, reported so the OMS learns its ids collide instead
// of the second delta being silently dropped. Neither is ever applied again.

export interface InventoryEventInput {
  eventId: string;
  identifier: string;
  delta: number;
}

export interface InventoryEventConflict {
  eventId: string;
  identifier: string;
  delta: number;
  /** What the eventId was recorded with first (and is applied as). */
  recorded: { identifier: string; delta: number };
}

export interface InventoryIntake {
  accepted: number;
  duplicates: number;
  conflicts: InventoryEventConflict[];
}

/**
 * Sorts a request's events, in request order: `inserted` are the eventIds this request recorded
 * (their first occurrence is accepted), `recorded` what every other eventId of the request is
 * stored with. A repeat inside the request is compared with the occurrence that was recorded.
 */
export function sortInventoryIntake(
  events: readonly InventoryEventInput[],
  inserted: ReadonlySet<string>,
  recorded: ReadonlyMap<string, { identifier: string; delta: number }>,
): InventoryIntake {
  const result: InventoryIntake = { accepted: 0, duplicates: 0, conflicts: [] };
  const taken = new Map<string, { identifier: string; delta: number }>();
  for (const e of events) {
    if (inserted.has(e.eventId) && !taken.has(e.eventId)) {
      taken.set(e.eventId, { identifier: e.identifier, delta: e.delta });
      result.accepted += 1;
      continue;
    }
    const first = taken.get(e.eventId) ?? recorded.get(e.eventId);
    if (first === undefined || (first.identifier === e.identifier && first.delta === e.delta)) {
      result.duplicates += 1;
    } else {
      result.conflicts.push({
        eventId: e.eventId,
        identifier: e.identifier,
        delta: e.delta,
        recorded: { identifier: first.identifier, delta: first.delta },
      });
    }
  }
  return result;
}
