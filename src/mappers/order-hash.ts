import { createHash } from 'node:crypto';
import type { MappedOrder } from './oms-order.types';

/**
 * Top-level keys left out of the content hash. `sourceUpdatedAt` is Miva's dt_updated, which moves
 * on every acknowledgement and queue change without the order's content changing (CONTRACT.md: such
 * a re-download creates no revision). The others are what the database layer adds, so hashing a
 * stored OmsOrder gives the same result as hashing the MappedOrder it came from.
 */
export const HASH_EXCLUDED_KEYS: ReadonlySet<string> = new Set([
  'sourceUpdatedAt',
  'id',
  'storeId',
  'revision',
  'acknowledged',
  'changedAt',
]);

/**
 * JSON with object keys sorted at every level, so key order (e.g. after a round trip through
 * Postgres jsonb) never changes the hash. `undefined` members are skipped as JSON.stringify does.
 */
export function canonicalJson(value: unknown, skipTopLevel?: ReadonlySet<string>): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) {
        out += ',';
      }
      const v: unknown = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined || (skipTopLevel !== undefined && skipTopLevel.has(k))) {
      continue;
    }
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return out + '}';
}

/** sha256 (hex) of the mapped order's canonical JSON, without the volatile keys. */
export function mappedOrderHash(m: MappedOrder): string {
  return createHash('sha256').update(canonicalJson(m, HASH_EXCLUDED_KEYS), 'utf8').digest('hex');
}
