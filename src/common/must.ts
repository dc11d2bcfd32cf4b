/**
 * Returns `value`, throwing when it is `undefined`. For reads an invariant
 * guarantees but the type system cannot see (with `noUncheckedIndexedAccess`),
 * e.g. the row of an `INSERT … RETURNING`: a broken invariant fails loudly
 * with `what` in the message instead of as a `TypeError` further on.
 */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(`expected ${what}, got nothing`);
  }
  return value;
}

/** The first element of `rows`, throwing when there is none (see {@link must}). */
export function first<T>(rows: readonly T[], what = 'a row'): T {
  return must(rows[0], what);
}

type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N
  ? R
  : Tuple<T, N, [T, ...R]>;

/**
 * `items`, throwing unless it holds at least `n` of them; typed so that the first `n` are defined:
 * `const [a, b] = atLeast(rows, 2, 'orders')`.
 */
export function atLeast<T, N extends number>(
  items: readonly T[],
  n: N,
  what = 'items',
): readonly [...Tuple<T, N>, ...T[]] {
  if (items.length < n) {
    throw new Error(`expected at least ${n} ${what}, got ${items.length}`);
  }
  return items as unknown as readonly [...Tuple<T, N>, ...T[]];
}
