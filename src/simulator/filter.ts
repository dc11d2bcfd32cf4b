// The list-query filter engine (docs/MIVA.md §5.2). A Filter array compiles to a predicate:
// - conditions inside one `search`/`search_AND` value are ORed; inside `search_OR` they are ANDed;
// - top-level `search`/`search_AND` filters are ANDed with what precedes them, `search_OR` ORed;
// - a SUBWHERE child named search_AND joins its previous sibling with AND, search_OR with OR, and
//   its own children follow the rule above;
// - AND binds tighter than OR, as in the SQL the server builds;
// - unknown fields and unknown operators are silently dropped.
import { text } from './params';

export type FieldValue = string | number | boolean | null | undefined;

export interface FieldResolver<T> {
  /** Whether the function lists this field as searchable. */
  has(field: string): boolean;
  get(row: T, field: string): FieldValue;
}

export interface ParsedFilter<T> {
  predicate: (row: T) => boolean;
  /** Lower-cased `ondemandcolumns` entries, in the original spelling too. */
  onDemandColumns: string[];
  /** Other named filters (`Customer_ID`, `product_code`, `Product_Show`...) by lower-cased name. */
  custom: Map<string, unknown>;
  /**
   * Bounds on `id` that every match satisfies (from ANDed single id conditions), as a database
   * would take them from its index; ±Infinity where the filter sets none. Only narrows the rows
   * to look at: the predicate still decides.
   */
  idRange: { min: number; max: number };
}

type Join = 'AND' | 'OR';
type Pred<T> = (row: T) => boolean;
interface Term<T> {
  join: Join;
  pred: Pred<T>;
}

const OPERATORS = new Set([
  'EQ',
  'NE',
  'GT',
  'GE',
  'LT',
  'LE',
  'CO',
  'NC',
  'LIKE',
  'NOTLIKE',
  'IN',
  'NOT_IN',
  'TRUE',
  'FALSE',
  'NULL',
  'SUBWHERE',
]);

/** Evaluates terms with SQL precedence: OR of runs of ANDed terms. */
function combine<T>(terms: Term<T>[]): Pred<T> | null {
  if (terms.length === 0) {
    return null;
  }
  let run: Pred<T>[] = [];
  const runs = [run];
  terms.forEach((t, i) => {
    if (i > 0 && t.join === 'OR') {
      run = [];
      runs.push(run);
    }
    run.push(t.pred);
  });
  const [single] = run;
  if (runs.length === 1 && run.length === 1 && single !== undefined) {
    return single;
  }
  return (row) => runs.some((run) => run.every((p) => p(row)));
}

function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '%') {
      re += '[\\s\\S]*';
    } else if (ch === '_') {
      re += '[\\s\\S]';
    } else {
      re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`, 'i');
}

function isNumeric(v: unknown): boolean {
  return (
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
  );
}

/** SQL-ish comparison: numeric when the column is numeric, else case-insensitive text. */
function compare(a: FieldValue, b: unknown): number {
  if ((typeof a === 'number' || typeof a === 'boolean') && isNumeric(b)) {
    const x = Number(a);
    const y = typeof b === 'boolean' ? Number(b) : Number(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  const x = a === null || a === undefined ? '' : String(a).toLowerCase();
  const y = b === null || b === undefined ? '' : text(b).toLowerCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * `IN` as sets: the same answers as `compare(value, entry) === 0` for some entry (numbers against
 * numeric entries, everything else as case-insensitive text), without a scan of the list per row.
 */
function listMatcher<T>(list: string[], get: (row: T) => FieldValue): (row: T) => boolean {
  const numbers = new Set(list.filter(isNumeric).map(Number));
  const words = new Set(list.filter((v) => !isNumeric(v)).map((v) => v.toLowerCase()));
  const texts = new Set(list.map((v) => v.toLowerCase()));
  return (row) => {
    const a = get(row);
    if (typeof a === 'number' || typeof a === 'boolean') {
      return numbers.has(Number(a)) || words.has(String(a).toLowerCase());
    }
    return texts.has(a === null || a === undefined ? '' : String(a).toLowerCase());
  };
}

function textOf(v: unknown): string {
  return text(v);
}

function condition<T>(
  resolver: FieldResolver<T>,
  field: string,
  op: string,
  value: unknown,
): Pred<T> | null {
  if (!resolver.has(field)) {
    return null;
  }
  const get = (row: T): FieldValue => resolver.get(row, field);
  switch (op) {
    case 'EQ':
      return (r) => compare(get(r), value) === 0;
    case 'NE':
      return (r) => compare(get(r), value) !== 0;
    case 'GT':
      return (r) => compare(get(r), value) > 0;
    case 'GE':
      return (r) => compare(get(r), value) >= 0;
    case 'LT':
      return (r) => compare(get(r), value) < 0;
    case 'LE':
      return (r) => compare(get(r), value) <= 0;
    case 'CO':
    case 'NC': {
      const re = likeToRegExp(`%${textOf(value)}%`);
      return op === 'CO' ? (r) => re.test(textOf(get(r))) : (r) => !re.test(textOf(get(r)));
    }
    case 'LIKE':
    case 'NOTLIKE': {
      const re = likeToRegExp(textOf(value));
      return op === 'LIKE' ? (r) => re.test(textOf(get(r))) : (r) => !re.test(textOf(get(r)));
    }
    case 'IN':
    case 'NOT_IN': {
      const list = (Array.isArray(value) ? value.map(textOf) : textOf(value).split(',')).map((s) =>
        s.trim(),
      );
      const inList = listMatcher(list, get);
      return op === 'IN' ? inList : (r) => !inList(r);
    }
    case 'TRUE':
      return (r) => {
        const v = get(r);
        return v === true || (isNumeric(v) && Number(v) !== 0);
      };
    case 'FALSE':
      return (r) => {
        const v = get(r);
        return (
          v === false ||
          v === null ||
          v === undefined ||
          v === '' ||
          (isNumeric(v) && Number(v) === 0)
        );
      };
    case 'NULL':
      return (r) => {
        const v = get(r);
        return v === null || v === undefined || v === '';
      };
    default:
      return null;
  }
}

interface RawCondition {
  field?: unknown;
  operator?: unknown;
  value?: unknown;
}

/** Builds the predicate of one search value array; `defaultJoin` joins plain siblings. */
function group<T>(
  resolver: FieldResolver<T>,
  children: unknown,
  defaultJoin: Join,
): Pred<T> | null {
  if (!Array.isArray(children)) {
    return null;
  }
  const terms: Term<T>[] = [];
  for (const c of children as RawCondition[]) {
    if (c === null || typeof c !== 'object') {
      continue;
    }
    const op = textOf(c.operator).toUpperCase();
    const field = textOf(c.field);
    if (!OPERATORS.has(op)) {
      continue;
    }
    if (op === 'SUBWHERE') {
      const kind = field.toLowerCase();
      const join: Join = kind === 'search_and' ? 'AND' : kind === 'search_or' ? 'OR' : defaultJoin;
      const inner = group(resolver, c.value, kind === 'search_or' ? 'AND' : 'OR');
      if (inner) {
        terms.push({ join, pred: inner });
      }
      continue;
    }
    const pred = condition(resolver, field, op, c.value);
    if (pred) {
      terms.push({ join: defaultJoin, pred });
    }
  }
  return combine(terms);
}

export function parseFilter<T>(filter: unknown, resolver: FieldResolver<T>): ParsedFilter<T> {
  const onDemandColumns: string[] = [];
  const custom = new Map<string, unknown>();
  const terms: Term<T>[] = [];
  const idRange = { min: -Infinity, max: Infinity };
  let ored = false;
  for (const f of Array.isArray(filter) ? (filter as { name?: unknown; value?: unknown }[]) : []) {
    if (f === null || typeof f !== 'object') {
      continue;
    }
    const name = textOf(f.name).toLowerCase();
    if (name === 'search' || name === 'search_and' || name === 'search_or') {
      const pred = group(resolver, f.value, name === 'search_or' ? 'AND' : 'OR');
      if (pred) {
        terms.push({ join: name === 'search_or' ? 'OR' : 'AND', pred });
        ored ||= name === 'search_or';
        narrowIdRange(idRange, f.value);
      }
    } else if (name === 'ondemandcolumns') {
      for (const c of Array.isArray(f.value) ? f.value : [f.value]) {
        if (typeof c === 'string') {
          onDemandColumns.push(c);
        }
      }
    } else if (name !== '') {
      custom.set(name, f.value);
    }
  }
  return {
    predicate: combine(terms) ?? (() => true),
    onDemandColumns,
    custom,
    idRange: ored ? { min: -Infinity, max: Infinity } : idRange,
  };
}

/** Tightens `range` by a search value that is one plain comparison of `id` with a number. */
function narrowIdRange(range: { min: number; max: number }, value: unknown): void {
  if (!Array.isArray(value) || value.length !== 1) {
    return;
  }
  const c = value[0] as RawCondition | null;
  if (c === null || typeof c !== 'object' || textOf(c.field).toLowerCase() !== 'id') {
    return;
  }
  const bound = Number(textOf(c.value));
  if (textOf(c.value).trim() === '' || Number.isNaN(bound)) {
    return;
  }
  const op = textOf(c.operator).toUpperCase();
  if (op === 'GT' || op === 'GE' || op === 'EQ') {
    range.min = Math.max(range.min, bound);
  }
  if (op === 'LT' || op === 'LE' || op === 'EQ') {
    range.max = Math.min(range.max, bound);
  }
}

/** Parses `Sort` (`-` prefix = descending); unknown fields fall back to `fallback`. */
export function parseSort(
  sort: string | undefined,
  sortable: (f: string) => boolean,
  fallback: string,
): { field: string; desc: boolean } {
  const s = (sort ?? '').trim();
  const desc = s.startsWith('-');
  const field = desc ? s.slice(1) : s;
  return field !== '' && sortable(field) ? { field, desc } : { field: fallback, desc: false };
}

export function compareValues(a: FieldValue, b: FieldValue): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    return Number(a) - Number(b);
  }
  return textOf(a).localeCompare(textOf(b));
}
