// Reads of Miva products by identifier for true-ups and listing syncs: ProductList_Load_Query
// filtered with IN on the store's identifier (SKU or code), a thousand identifiers per request
// (docs/MIVA.md, product list queries).
import type { ProductIdentifier } from '../../mappers/mapper-settings';
import type { MivaProduct } from '../../miva-model/miva.models';
import type { MivaApi } from '../miva/miva-api';
import { MivaListQuery, where } from '../miva/miva-list-query';

/** Identifiers per IN filter (and rows per page): one request for a thousand products. */
export const PRODUCTS_PER_READ = 1000;
/** Reads in flight at once for one true-up or sync. */
const READS_IN_FLIGHT = 2;

export interface ProductReadOptions {
  /** On-demand columns, e.g. `product_inventory`. */
  columns?: readonly string[];
  signal?: AbortSignal;
}

/**
 * The Miva products matching each identifier, keyed by the lower-cased identifier (Miva compares
 * codes and SKUs without case). An identifier with no product is absent; one SKU can match
 * several products. Miva's IN takes a comma-separated list, so an identifier containing a comma
 * (or blanks at its ends, which a list would lose) is looked up on its own.
 */
export async function readProducts(
  api: MivaApi,
  identifiers: readonly string[],
  by: ProductIdentifier,
  options: ProductReadOptions = {},
): Promise<Map<string, MivaProduct[]>> {
  const unique = [...new Map(identifiers.map((i) => [i.toLowerCase(), i])).values()];
  const plain = unique.filter((i) => !i.includes(',') && i.trim() === i);
  const queries: MivaListQuery[] = [];
  for (let i = 0; i < plain.length; i += PRODUCTS_PER_READ) {
    queries.push(MivaListQuery.create().where(where.in(by, plain.slice(i, i + PRODUCTS_PER_READ))));
  }
  for (const odd of unique.filter((i) => !plain.includes(i))) {
    queries.push(MivaListQuery.create().where(where.eq(by, odd)));
  }
  const columns = options.columns ?? [];
  const found = new Map<string, MivaProduct[]>();
  const wanted = new Set(unique.map((i) => i.toLowerCase()));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queries.length) {
      const base = queries[next++];
      if (base === undefined) {
        return;
      }
      const query = columns.length > 0 ? base.columns(...columns) : base;
      for (const product of await readAll(api, query, options.signal)) {
        const key = String(product[by] ?? '').toLowerCase();
        if (wanted.has(key)) {
          const list = found.get(key) ?? [];
          if (!list.some((p) => p.id === product.id)) {
            list.push(product);
          }
          found.set(key, list);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, queries.length) }, worker));
  return found;
}

/** Every row of one query, page after page (a product added meanwhile may come twice). */
async function readAll(
  api: MivaApi,
  query: MivaListQuery,
  signal: AbortSignal | undefined,
): Promise<MivaProduct[]> {
  const rows: MivaProduct[] = [];
  for (let offset = 0; ;) {
    const page = await api.loadProducts(query, { offset, count: PRODUCTS_PER_READ, signal });
    rows.push(...page.data);
    offset += page.data.length;
    if (page.data.length === 0 || offset >= page.total_count) {
      return rows;
    }
  }
}
