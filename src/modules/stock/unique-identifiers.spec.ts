import { repeatedIdentifiers } from './unique-identifiers';

describe('repeatedIdentifiers', () => {
  it('accepts distinct identifiers', () => {
    expect(repeatedIdentifiers([{ identifier: 'A' }, { identifier: 'B' }], 'levels')).toEqual([]);
  });

  it('names every repeat and the first position, without regard to case', () => {
    expect(
      repeatedIdentifiers(
        [
          { identifier: 'TS-RED-M' },
          { identifier: 'X' },
          { identifier: 'ts-red-m' },
          { identifier: 'X' },
        ],
        'levels',
      ),
    ).toEqual([
      {
        field: 'levels.2.identifier',
        message: 'ts-red-m is already at levels.0: each identifier once per request',
      },
      {
        field: 'levels.3.identifier',
        message: 'X is already at levels.1: each identifier once per request',
      },
    ]);
  });
});
