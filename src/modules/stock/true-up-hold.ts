// How a running true-up holds the OMS's later deltas back (docs/OPERATIONS.md, "Stock
// true-ups"). Pure SQL text, read by the inventory relay's claims (inventory-events.repository.ts):
// this module owns the table it reads, the relay owns the events.

/** The phases in which a true-up's Miva read is still to come (or under way). */
export const HOLDING_PHASES = ['queued', 'delivering', 'reading'] as const;

/**
 * A scalar subquery: the lowest watermark of the store's true-ups that have not yet queued their
 * own deltas (NULL when none). `storeIdSql` is the SQL naming the store (a parameter or a column).
 * An OMS delta accepted after such a true-up (a higher seq) waits, so Miva's stock is read without
 * it and the delta lands on top of the true-up's, as it must: the OMS's levels predate it.
 */
export function trueUpHoldSql(storeIdSql: string): string {
  return `(SELECT min(t.watermark) FROM inventory_true_ups t
            WHERE t.store_id = ${storeIdSql} AND t.status = 'running'
              AND t.phase IN (${HOLDING_PHASES.map((p) => `'${p}'`).join(', ')}))`;
}

/**
 * The condition under which the relay may take event row `alias` now: a true-up's own delta
 * always; an OMS delta unless a true-up accepted before it still has to read Miva.
 */
export function takeableEventSql(alias: string, storeIdSql = `${alias}.store_id`): string {
  return `(${alias}.true_up_id IS NOT NULL
           OR ${alias}.seq <= COALESCE(${trueUpHoldSql(storeIdSql)}, ${alias}.seq))`;
}
