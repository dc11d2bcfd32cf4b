// What bench/feed.bench.ts and its server process agree on.

export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

/** Fixed store ids, so the client can filter by store. */
export function benchStoreIds(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
  );
}
