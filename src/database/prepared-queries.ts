import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

// What a server answers when a session's prepared statements are not the connection's own: the
// embedded PGlite (one session behind every pooled connection: the statement one connection
// prepared already exists for the next) or a pooler in transaction mode (it may not exist).
const NOT_THIS_SESSIONS = new Set(['42P05', '26000']);

/**
 * Reads on the hottest paths (an order by id) as named prepared statements, straight on TypeORM's
 * pg pool: each connection parses and plans a statement once instead of on every call, as
 * TypeORM's `query()` does (a third more orders by id per second in bench/feed.bench.ts). Where
 * the database does not keep statements per connection, it falls back to unnamed ones for good.
 */
@Injectable()
export class PreparedQueries {
  private readonly pool: Pool;
  private named = true;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
  }

  /** The rows of `text`; `name` is this statement's alone, unique across the app. */
  async rows<T extends QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<T[]> {
    if (this.named) {
      try {
        return (await this.pool.query<T>({ name, text, values })).rows;
      } catch (error) {
        if (!NOT_THIS_SESSIONS.has((error as { code?: string }).code ?? '')) {
          throw error;
        }
        this.named = false;
      }
    }
    return (await this.pool.query<T>({ text, values })).rows;
  }
}
