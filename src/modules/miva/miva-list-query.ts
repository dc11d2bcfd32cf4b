import { MivaError, MivaErrorKind } from './miva-errors';
import type { MivaListResult } from '../../miva-model/miva.models';

// A typed builder for the `Filter` / `Sort` parameters of every *List_Load_Query function, after
// Miva's own filter code (docs/MIVA.md §5.2):
//  - conditions inside one top-level `search` (or `search_AND`) filter are ORed;
//  - separate top-level `search` filters are ANDed;
//  - a top-level `search_OR` filter is ORed with everything before it, its conditions ANDed;
//  - a SUBWHERE child `{field:'search_AND'|'search_OR'|'search', operator:'SUBWHERE', value:[…]}`
//    joins its previous sibling with AND (search_AND, search) or OR (search_OR); inside it the
//    children are ORed (search, search_AND) or ANDed (search_OR).
// Miva silently ignores unknown operators and fields, so the operator set is closed here.

export type MivaSearchOperator =
  | 'EQ'
  | 'NE'
  | 'GT'
  | 'GE'
  | 'LT'
  | 'LE'
  | 'CO'
  | 'NC'
  | 'LIKE'
  | 'NOTLIKE'
  | 'IN'
  | 'NOT_IN'
  | 'TRUE'
  | 'FALSE'
  | 'NULL';

export type MivaSearchGroup = 'search' | 'search_AND' | 'search_OR';

export interface MivaSearchTerm {
  field: string;
  operator: MivaSearchOperator;
  /** Always a string on the wire (as Miva's docs send it); null for TRUE, FALSE and NULL. */
  value: string | null;
}

export interface MivaSubWhere {
  field: MivaSearchGroup;
  operator: 'SUBWHERE';
  value: MivaSearchNode[];
}

export type MivaSearchNode = MivaSearchTerm | MivaSubWhere;

export interface MivaFilterEntry {
  name: string;
  value: unknown;
}

export interface MivaListParams {
  Filter?: MivaFilterEntry[];
  Sort?: string;
}

type Scalar = string | number;

function scalar(value: Scalar, field: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RangeError(`Filter value for ${field} must be a finite number`);
    }
    return String(value);
  }
  return value;
}

function list(values: readonly Scalar[], field: string): string {
  if (values.length === 0) {
    // `IN ''` would match nothing or everything depending on the server; refuse to guess.
    throw new RangeError(`IN/NOT_IN on ${field} needs at least one value`);
  }
  return values
    .map((v) => {
      const s = scalar(v, field);
      if (s.includes(',')) {
        throw new RangeError(`IN/NOT_IN values for ${field} cannot contain a comma`);
      }
      return s;
    })
    .join(',');
}

function term(field: string, operator: MivaSearchOperator, value: string | null): MivaSearchTerm {
  return { field, operator, value };
}

/** Condition constructors: `where.eq('status', 100)`, `where.in('status', [100, 201])`, ... */
export const where = {
  eq: (field: string, value: Scalar) => term(field, 'EQ', scalar(value, field)),
  ne: (field: string, value: Scalar) => term(field, 'NE', scalar(value, field)),
  gt: (field: string, value: Scalar) => term(field, 'GT', scalar(value, field)),
  ge: (field: string, value: Scalar) => term(field, 'GE', scalar(value, field)),
  lt: (field: string, value: Scalar) => term(field, 'LT', scalar(value, field)),
  le: (field: string, value: Scalar) => term(field, 'LE', scalar(value, field)),
  /** CO: Miva wraps the value in `%…%`. */
  contains: (field: string, value: string) => term(field, 'CO', value),
  /** NC: the negation of CO. */
  notContains: (field: string, value: string) => term(field, 'NC', value),
  /** LIKE: the caller supplies the `%` wildcards. */
  like: (field: string, pattern: string) => term(field, 'LIKE', pattern),
  notLike: (field: string, pattern: string) => term(field, 'NOTLIKE', pattern),
  /** IN: sent as the comma-separated string Miva expects. */
  in: (field: string, values: readonly Scalar[]) => term(field, 'IN', list(values, field)),
  notIn: (field: string, values: readonly Scalar[]) => term(field, 'NOT_IN', list(values, field)),
  isTrue: (field: string) => term(field, 'TRUE', null),
  isFalse: (field: string) => term(field, 'FALSE', null),
  isNull: (field: string) => term(field, 'NULL', null),
  /** Nested group ANDed with its previous sibling; its own children are ORed. */
  andAnyOf: (...nodes: MivaSearchNode[]): MivaSubWhere => subWhere('search_AND', nodes),
  /** Nested group ORed with its previous sibling; its own children are ANDed. */
  orAllOf: (...nodes: MivaSearchNode[]): MivaSubWhere => subWhere('search_OR', nodes),
  /** Nested `search` group: ANDed with its previous sibling; its children are ORed. */
  anyOf: (...nodes: MivaSearchNode[]): MivaSubWhere => subWhere('search', nodes),
};

function subWhere(field: MivaSearchGroup, nodes: MivaSearchNode[]): MivaSubWhere {
  if (nodes.length === 0) {
    throw new RangeError('A SUBWHERE group needs at least one condition');
  }
  return { field, operator: 'SUBWHERE', value: nodes };
}

/**
 * Builds `Filter` and `Sort`. Immutable: every method returns a new query, so a base query can
 * be shared and specialised.
 *
 * ```ts
 * MivaListQuery.create()
 *   .where(where.ge('dt_updated', since))          // AND
 *   .where(where.in('status', [100, 201]))         // AND
 *   .columns('items', 'payments', 'CustomField_Values:*')
 *   .sort('id');
 * ```
 */
export class MivaListQuery {
  private constructor(
    private readonly filters: readonly MivaFilterEntry[],
    private readonly sortField: string | undefined,
  ) {}

  static create(): MivaListQuery {
    return new MivaListQuery([], undefined);
  }

  /** A top-level `search` filter: its conditions are ORed; separate where() calls are ANDed. */
  where(...nodes: MivaSearchNode[]): MivaListQuery {
    return this.search('search', nodes);
  }

  /** A top-level `search_OR` filter: ORed with all filters before it; its conditions ANDed. */
  orWhereAll(...nodes: MivaSearchNode[]): MivaListQuery {
    return this.search('search_OR', nodes);
  }

  /** A raw top-level search filter of the given kind. */
  search(group: MivaSearchGroup, nodes: MivaSearchNode[]): MivaListQuery {
    if (nodes.length === 0) {
      throw new RangeError('A search filter needs at least one condition');
    }
    return this.with({ name: group, value: nodes });
  }

  /** On-demand columns (`ondemandcolumns`); repeated calls add to one list, without duplicates. */
  columns(...names: string[]): MivaListQuery {
    const existing = this.filters.find((f) => f.name === 'ondemandcolumns');
    const current = existing ? (existing.value as string[]) : [];
    const merged = [...current, ...names.filter((n) => !current.includes(n))];
    const rest = this.filters.filter((f) => f !== existing);
    return new MivaListQuery([...rest, { name: 'ondemandcolumns', value: merged }], this.sortField);
  }

  /** A function-specific filter such as `Customer_ID`, `payment` or `Product_Show`. */
  customFilter(name: string, value: unknown): MivaListQuery {
    if (['search', 'search_AND', 'search_OR', 'ondemandcolumns'].includes(name)) {
      throw new RangeError(`${name} is not a custom filter; use where()/columns()`);
    }
    const rest = this.filters.filter((f) => f.name !== name);
    return new MivaListQuery([...rest, { name, value }], this.sortField);
  }

  /** `Sort`: a column name, `-` prefixed for descending. */
  sort(field: string, direction: 'asc' | 'desc' = 'asc'): MivaListQuery {
    const bare = field.replace(/^-/, '');
    return new MivaListQuery(this.filters, direction === 'desc' ? `-${bare}` : bare);
  }

  /** The parameters to merge into a *List_Load_Query call (without Count/Offset). */
  toParams(): MivaListParams {
    const params: MivaListParams = {};
    if (this.filters.length > 0) {
      params.Filter = this.filters.map((f) => ({ name: f.name, value: f.value }));
    }
    if (this.sortField !== undefined) {
      params.Sort = this.sortField;
    }
    return params;
  }

  private with(entry: MivaFilterEntry): MivaListQuery {
    return new MivaListQuery([...this.filters, entry], this.sortField);
  }
}

// ---------------------------------------------------------------------------------------------
// Pagination

export interface MivaPage<T> {
  /** 0-based offset of the first item. */
  offset: number;
  /** Miva's total_count when this page was read. */
  totalCount: number;
  items: T[];
}

export type MivaPageFetcher<T> = (offset: number, count: number) => Promise<MivaListResult<T>>;

export interface MivaPaginateOptions {
  /** Rows per request (`Count`); must be ≥ 1 because Count 0 means "everything". */
  pageSize: number;
  /** Pages fetched at once (by Offset). Pages are still checked and yielded in order. Default 1. */
  concurrency?: number;
  startOffset?: number;
}

/**
 * Reads a list to the end, page by page, holding at most `concurrency` pages in memory.
 *
 * The rule for a list that changes while it is read (Offset paging over a live table):
 *  - total_count grows: rows were added. An insertion before our position shifts rows we have
 *    already read forward, so a row can come twice, but none is skipped. The walk continues to
 *    the new end. Consumers must tolerate duplicates (the download engine upserts by id).
 *  - total_count shrinks: rows were removed. A removal before our position shifts unread rows
 *    back past our offset, where they would be skipped silently. The walk fails with
 *    `pagination_inconsistent`; the caller restarts it (for a queue whose reads remove orders,
 *    re-read from offset 0 until it is empty instead of paging by offset).
 *  - a page with fewer rows than it should have (before the end) or more than asked for, or
 *    whose start_offset is not the one asked for: fails the same way.
 */
export async function* paginate<T>(
  fetchPage: MivaPageFetcher<T>,
  options: MivaPaginateOptions,
): AsyncGenerator<MivaPage<T>, void, undefined> {
  const pageSize = options.pageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new RangeError('pageSize must be an integer >= 1');
  }
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  let offset = options.startOffset ?? 0;
  const fail = (message: string): MivaError =>
    new MivaError(MivaErrorKind.PaginationInconsistent, `Paging stopped: ${message}`);

  const checkPage = (
    page: MivaListResult<T>,
    at: number,
    previousTotal: number | undefined,
  ): MivaListResult<T> => {
    if (!page || !Array.isArray(page.data) || typeof page.total_count !== 'number') {
      throw fail(`the page at offset ${at} is not a list result`);
    }
    if (typeof page.start_offset === 'number' && page.start_offset !== at) {
      throw fail(`asked for offset ${at}, Miva answered start_offset ${page.start_offset}`);
    }
    if (previousTotal !== undefined && page.total_count < previousTotal) {
      throw fail(
        `total_count shrank from ${previousTotal} to ${page.total_count} at offset ${at}; rows may have been skipped`,
      );
    }
    if (page.data.length > pageSize) {
      throw fail(`asked for ${pageSize} rows at offset ${at}, got ${page.data.length}`);
    }
    const expected = Math.min(pageSize, Math.max(0, page.total_count - at));
    if (page.data.length < expected) {
      throw fail(
        `expected ${expected} rows at offset ${at} (total_count ${page.total_count}), got ${page.data.length}`,
      );
    }
    return page;
  };

  // The first page tells us how far to go.
  const first = checkPage(await fetchPage(offset, pageSize), offset, undefined);
  let total = first.total_count;
  yield { offset, totalCount: total, items: first.data };
  offset += first.data.length;
  if (first.data.length === 0) {
    return;
  }

  // Later pages: keep up to `concurrency` requests in flight, consume strictly in order.
  const inflight: { at: number; promise: Promise<MivaListResult<T>> }[] = [];
  let nextToSchedule = offset;
  const schedule = (): void => {
    while (inflight.length < concurrency && nextToSchedule < total) {
      const at = nextToSchedule;
      const promise = fetchPage(at, pageSize);
      // Failures are observed when the page's turn comes; don't let them go unhandled before.
      promise.catch(() => undefined);
      inflight.push({ at, promise });
      nextToSchedule += pageSize;
    }
  };
  try {
    schedule();
    while (inflight.length > 0) {
      const head = inflight.shift();
      if (!head) {
        break;
      }
      const page = checkPage(await head.promise, head.at, total);
      if (page.total_count > total) {
        total = page.total_count;
      }
      if (page.data.length > 0) {
        yield { offset: head.at, totalCount: page.total_count, items: page.data };
      }
      offset = head.at + page.data.length;
      schedule();
    }
  } finally {
    // Abandoned early (break/throw): let in-flight requests settle quietly.
    for (const pending of inflight) {
      pending.promise.catch(() => undefined);
    }
  }
  if (offset < total) {
    throw fail(`stopped at offset ${offset} of ${total}`);
  }
}

/** The items of `paginate`, one at a time. */
export async function* paginateItems<T>(
  fetchPage: MivaPageFetcher<T>,
  options: MivaPaginateOptions,
): AsyncGenerator<T, void, undefined> {
  for await (const page of paginate(fetchPage, options)) {
    yield* page.items;
  }
}
