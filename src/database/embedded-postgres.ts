import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PGlite served over the Postgres wire protocol on loopback, so the very same `pg` driver,
 * entities and migrations serve the embedded mode and a real server.
 *
 * PGlite is one backend: transactions of all connections are serialised by the socket server, and
 * session state (advisory locks included) is shared. Code must therefore never wait, inside a
 * transaction, for another connection's query.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  /** Starts PGlite persisted under `<dataDir>/pg`, or in memory when dataDir is undefined. */
  static async start(dataDir: string | undefined): Promise<EmbeddedPostgres> {
    let location: string | undefined;
    if (dataDir !== undefined) {
      location = join(dataDir, 'pg');
      mkdirSync(location, { recursive: true });
    }
    const db = await PGlite.create(location);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
    await server.start();
    const address = server.getServerConn();
    return new EmbeddedPostgres(db, server, `postgres://postgres@${address}/postgres`);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
