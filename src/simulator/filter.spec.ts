import { type FieldResolver, parseFilter, parseSort } from './filter';

interface Row {
  id: number;
  name: string;
  status: number;
  active: boolean;
  note: string | null;
}

const rows: Row[] = [
  { id: 1, name: 'Alpha', status: 0, active: true, note: null },
  { id: 2, name: 'Bravo', status: 100, active: false, note: 'rush' },
  { id: 3, name: 'Charlie', status: 200, active: true, note: '' },
  { id: 4, name: 'Delta', status: 201, active: false, note: 'gift wrap' },
  { id: 5, name: 'Éclair', status: 100, active: true, note: 'RUSH order' },
];

const resolver: FieldResolver<Row> = {
  has: (f) => ['id', 'name', 'status', 'active', 'note'].includes(f),
  get: (r, f) => r[f as keyof Row],
};

const ids = (filter: unknown): number[] => {
  const p = parseFilter(filter, resolver);
  return rows.filter(p.predicate).map((r) => r.id);
};
const c = (field: string, operator: string, value?: unknown) => ({ field, operator, value });

describe('filter engine (§4.2)', () => {
  it('ORs the conditions inside one search and ANDs separate search filters', () => {
    expect(ids([{ name: 'search', value: [c('id', 'EQ', 1), c('id', 'EQ', 2)] }])).toEqual([1, 2]);
    expect(
      ids([
        { name: 'search', value: [c('status', 'IN', '100,200')] },
        { name: 'search', value: [c('active', 'EQ', 1)] },
      ]),
    ).toEqual([3, 5]);
  });

  it('treats search_AND like search, and a top-level search_OR as OR with its children ANDed', () => {
    expect(ids([{ name: 'search_AND', value: [c('id', 'EQ', 1), c('id', 'EQ', 4)] }])).toEqual([
      1, 4,
    ]);
    expect(
      ids([
        { name: 'search', value: [c('id', 'EQ', 1)] },
        { name: 'search_OR', value: [c('status', 'EQ', 100), c('active', 'TRUE')] },
      ]),
    ).toEqual([1, 5]);
  });

  it('joins SUBWHERE children per their kind, with AND binding tighter than OR (SDK FilterExpression output)', () => {
    // equal(status,100).andEqual(active,1).orEqual(id,4)  →  (status=100 AND active) OR id=4
    const sdk = [
      {
        name: 'search',
        value: [
          c('status', 'EQ', 100),
          { field: 'search_AND', operator: 'SUBWHERE', value: [c('active', 'EQ', 1)] },
          { field: 'search_OR', operator: 'SUBWHERE', value: [c('id', 'EQ', 4)] },
        ],
      },
    ];
    expect(ids(sdk)).toEqual([4, 5]);
    // id=1 OR (status=100 AND name LIKE 'B%') : a search_OR SUBWHERE ANDs its children.
    const nested = [
      {
        name: 'search',
        value: [
          c('id', 'EQ', 1),
          {
            field: 'search_OR',
            operator: 'SUBWHERE',
            value: [c('status', 'EQ', 100), c('name', 'LIKE', 'B%')],
          },
        ],
      },
    ];
    expect(ids(nested)).toEqual([1, 2]);
    // A search_AND SUBWHERE ORs its own children: id<4 AND (name=Alpha OR name=Charlie).
    const andOr = [
      {
        name: 'search',
        value: [
          c('id', 'LT', 4),
          {
            field: 'search_AND',
            operator: 'SUBWHERE',
            value: [c('name', 'EQ', 'alpha'), c('name', 'EQ', 'Charlie')],
          },
        ],
      },
    ];
    expect(ids(andOr)).toEqual([1, 3]);
  });

  it('implements every operator', () => {
    const one = (op: string, field: string, value?: unknown): number[] =>
      ids([{ name: 'search', value: [c(field, op, value)] }]);
    expect(one('EQ', 'name', 'bravo')).toEqual([2]);
    expect(one('NE', 'status', '100')).toEqual([1, 3, 4]);
    expect(one('GT', 'status', '100')).toEqual([3, 4]);
    expect(one('GE', 'status', 100)).toEqual([2, 3, 4, 5]);
    expect(one('LT', 'id', '3')).toEqual([1, 2]);
    expect(one('LE', 'id', 3)).toEqual([1, 2, 3]);
    expect(one('CO', 'note', 'rush')).toEqual([2, 5]);
    expect(one('NC', 'note', 'rush')).toEqual([1, 3, 4]);
    expect(one('LIKE', 'name', '%a')).toEqual([1, 4]);
    expect(one('NOTLIKE', 'name', '_r%')).toEqual([1, 3, 4, 5]);
    expect(one('IN', 'id', '2, 4')).toEqual([2, 4]);
    expect(one('NOT_IN', 'id', '2,4')).toEqual([1, 3, 5]);
    expect(one('TRUE', 'active', 'ignored')).toEqual([1, 3, 5]);
    expect(one('FALSE', 'active')).toEqual([2, 4]);
    expect(one('NULL', 'note')).toEqual([1, 3]);
    expect(one('EQ', 'name', 'éclair')).toEqual([5]);
  });

  it('silently ignores unknown fields and operators', () => {
    expect(ids([{ name: 'search', value: [c('nope', 'EQ', 1)] }])).toEqual([1, 2, 3, 4, 5]);
    expect(ids([{ name: 'search', value: [c('id', 'BETWEEN', 1)] }])).toEqual([1, 2, 3, 4, 5]);
    expect(ids([{ name: 'search', value: [c('nope', 'EQ', 1), c('id', 'EQ', 3)] }])).toEqual([3]);
    expect(ids('garbage')).toEqual([1, 2, 3, 4, 5]);
  });

  it('collects on-demand columns and custom filters', () => {
    const p = parseFilter(
      [
        { name: 'ondemandcolumns', value: ['items', 'CustomField_Values:*'] },
        { name: 'Customer_ID', value: 12 },
      ],
      resolver,
    );
    expect(p.onDemandColumns).toEqual(['items', 'CustomField_Values:*']);
    expect(p.custom.get('customer_id')).toBe(12);
  });

  it('matches IN lists as numbers against numeric entries, else as case-insensitive text', () => {
    const search = (field: string, list: string) => [
      { name: 'search', value: [c(field, 'IN', list)] },
    ];
    expect(ids(search('id', '5, 2,x,2.0'))).toEqual([2, 5]);
    expect(ids(search('status', '100'))).toEqual([2, 5]);
    expect(ids(search('name', 'alpha,ÉCLAIR,7'))).toEqual([1, 5]);
    expect(ids(search('active', '0'))).toEqual([2, 4]);
    expect(ids(search('active', 'TRUE,0'))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(search('active', 'true'))).toEqual([1, 3, 5]);
    expect(ids(search('note', ',rush'))).toEqual([1, 2, 3]);
    expect(ids([{ name: 'search', value: [c('id', 'NOT_IN', ['1', '3'])] }])).toEqual([2, 4, 5]);
  });

  it('takes id bounds only from ANDed single id comparisons, never widening the matches', () => {
    const range = (filter: unknown) => parseFilter(filter, resolver).idRange;
    const keyset = [
      { name: 'search', value: [c('id', 'GT', 2)] },
      { name: 'search', value: [c('id', 'LE', '4')] },
      { name: 'search', value: [c('status', 'EQ', 100)] },
    ];
    expect(range(keyset)).toEqual({ min: 2, max: 4 });
    expect(range([{ name: 'search', value: [c('id', 'EQ', 3)] }])).toEqual({ min: 3, max: 3 });
    // ORed conditions inside one search, or a search_OR anywhere: no bounds.
    expect(range([{ name: 'search', value: [c('id', 'GT', 2), c('id', 'EQ', 1)] }])).toEqual({
      min: -Infinity,
      max: Infinity,
    });
    expect(range([...keyset, { name: 'search_OR', value: [c('id', 'EQ', 1)] }])).toEqual({
      min: -Infinity,
      max: Infinity,
    });
    expect(range([{ name: 'search', value: [c('id', 'IN', '1,2')] }])).toEqual({
      min: -Infinity,
      max: Infinity,
    });
    // Every match lies within the bounds.
    for (const filter of [keyset, [{ name: 'search', value: [c('id', 'GE', 4)] }]]) {
      const { min, max } = range(filter);
      expect(ids(filter).every((id) => id >= min && id <= max)).toBe(true);
    }
  });

  it('parses Sort with a - prefix and falls back for unknown fields', () => {
    const sortable = (f: string): boolean => resolver.has(f);
    expect(parseSort('-status', sortable, 'id')).toEqual({ field: 'status', desc: true });
    expect(parseSort('bogus', sortable, 'id')).toEqual({ field: 'id', desc: false });
    expect(parseSort(undefined, sortable, 'id')).toEqual({ field: 'id', desc: false });
  });
});
