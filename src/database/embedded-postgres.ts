import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { ServedPGlite, servePGlite } from './pglite-wire-server';

/**
 * PGlite served over the Postgres wire protocol on loopback, so the very same `pg` driver,
 * entities and migrations serve the embedded mode and a real server.
 *
 * PGlite is one backend: transactions of all connections are serialised by the wire server, and
 * session state (advisory locks included) is shared. Code must therefore never wait, inside a
 * transaction, for another connection's query.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: ServedPGlite,
  ) {}

  get url(): string {
    return this.server.url;
  }

  /** Starts PGlite persisted under `<dataDir>/pg`, or in memory when dataDir is undefined. */
  static async start(dataDir: string | undefined): Promise<EmbeddedPostgres> {
    let location: string | undefined;
    if (dataDir !== undefined) {
      location = join(dataDir, 'pg');
      mkdirSync(location, { recursive: true });
    }
    // Loaded here, not at the top: a service on a PostgreSQL server never carries PGlite's code.
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(location);
    return new EmbeddedPostgres(db, await servePGlite(db));
  }

  async stop(): Promise<void> {
    await this.server.close();
    await this.db.close();
  }
}
