import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AdvisoryLock } from '../../../database/advisory-locks';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** One held store lock. `lost` aborts when the lock's session died (the lock is gone with it). */
export interface StoreLock {
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/** The second key: 32 bits of the store id's hash (a rare collision only serialises two stores). */
export function storeLockKey(storeId: string): number {
  return createHash('sha256').update(storeId).digest().readInt32BE(0);
}

/**
 * One download per store at a time: an in-process guard plus a session advisory lock held on a
 * dedicated connection (outside the pool, so long runs never starve it), which excludes other
 * instances on the same PostgreSQL and is released by the server if this process dies.
 *
 * Embedded PGlite has one session shared by every connection, so there the advisory lock
 * excludes nothing; the in-process guard does (one process owns an embedded database).
 */
@Injectable()
export class StoreLocksRepository implements OnApplicationShutdown {
  private readonly logger = new Logger(StoreLocksRepository.name);
  private readonly held = new Map<string, AbortController>();
  private session: Promise<Client> | undefined;
  private closed = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether this process holds (or is taking) the store's lock. */
  isHeldHere(storeId: string): boolean {
    return this.held.has(storeId);
  }

  /** The lock, or null when this process or another instance holds it. */
  async tryAcquire(storeId: string): Promise<StoreLock | null> {
    if (this.closed || this.held.has(storeId)) {
      return null;
    }
    const lost = new AbortController();
    // Taken synchronously: a second caller in this process sees it before any await.
    this.held.set(storeId, lost);
    let client: Client;
    let acquired = false;
    try {
      client = await this.connect();
      const result = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS ok',
        [AdvisoryLock.DownloadNamespace, storeLockKey(storeId)],
      );
      acquired = result.rows[0]?.ok === true;
    } finally {
      if (!acquired) {
        this.held.delete(storeId);
      }
    }
    if (!acquired) {
      return null;
    }
    let released = false;
    return {
      lost: lost.signal,
      release: async () => {
        if (released) {
          return;
        }
        released = true;
        try {
          if (!lost.signal.aborted) {
            await client.query('SELECT pg_advisory_unlock($1, $2)', [
              AdvisoryLock.DownloadNamespace,
              storeLockKey(storeId),
            ]);
          }
        } catch (error) {
          // The session is gone, and the lock with it.
          this.logger.warn(`releasing the download lock failed: ${String(error)}`);
        } finally {
          if (this.held.get(storeId) === lost) {
            this.held.delete(storeId);
          }
        }
      },
    };
  }

  private connect(): Promise<Client> {
    if (this.session === undefined) {
      const options = this.dataSource.options as PostgresConnectionOptions;
      const client = new Client({
        connectionString: options.url,
        application_name: 'download-locks',
      });
      const session = client.connect().then(() => client);
      this.session = session;
      const drop = (reason: string): void => {
        if (this.session !== session) {
          return;
        }
        this.session = undefined;
        if (!this.closed) {
          this.logger.warn(`download lock session lost (${reason}); aborting running downloads`);
        }
        for (const controller of this.held.values()) {
          controller.abort(new Error('the download lock session was lost'));
        }
        client.end().catch(() => undefined);
      };
      client.on('error', (error) => drop(error.message));
      client.on('end', () => drop('connection ended'));
      session.catch(() => {
        if (this.session === session) {
          this.session = undefined;
        }
      });
    }
    return this.session;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    if (session) {
      try {
        await (await session).end();
      } catch {
        // Already closed.
      }
    }
  }
}
