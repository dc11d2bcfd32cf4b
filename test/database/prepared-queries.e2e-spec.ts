import { DataSource } from 'typeorm';
import { PreparedQueries } from '../../src/database/prepared-queries';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// On a server each pooled connection prepares the statement once; on the embedded PGlite (one
// session behind every connection) the second connection's prepare collides and the reads go on
// unnamed. Either way every read answers, whichever connection it lands on.
describe('PreparedQueries', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
      extra: { max: 4 },
    }).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.dispose();
  });

  it('answers concurrent reads on every pooled connection, again and again', async () => {
    const prepared = new PreparedQueries(dataSource);
    const read = (n: number) =>
      prepared.rows<{ n: number }>('test:echo', 'SELECT $1::int + 1 AS n', [n]);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => read(i)));
      expect(answers.map((rows) => rows[0]?.n)).toEqual(
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
    }
  });

  it('passes a real error on', async () => {
    const prepared = new PreparedQueries(dataSource);
    await expect(prepared.rows('test:bad', 'SELECT * FROM no_such_table', [])).rejects.toThrow(
      /no_such_table/,
    );
  });
});
