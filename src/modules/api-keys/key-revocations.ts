import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AuthContext } from '../../common/auth/auth-context';
import { ApiKeyCache } from './api-key-cache';

const CHANNEL = 'api_keys_revoked';
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = [250, 1_000, 5_000];

/**
 * The instance's cache of authenticated keys and the PostgreSQL channel that empties it on every
 * instance when a key is revoked. The cache is used only while this instance is LISTENing: if the
 * channel is down, a revocation elsewhere could go unheard, so every request goes to the database
 * until the channel is back (and the cache starts empty again).
 */
@Injectable()
export class KeyRevocations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KeyRevocations.name);
  readonly cache = new ApiKeyCache<AuthContext>(TTL_MS, MAX_ENTRIES);
  private client: Client | undefined;
  private listening = false;
  private closed = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** True while a revocation on any instance reaches this one. */
  get trusted(): boolean {
    return this.listening;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  /** Tells every instance (this one at once) that a key no longer works. */
  async announce(): Promise<void> {
    this.cache.clear();
    await this.dataSource.query(`SELECT pg_notify($1, '')`, [CHANNEL]);
  }

  private async listen(): Promise<void> {
    if (this.closed) {
      return;
    }
    const options = this.dataSource.options as PostgresConnectionOptions;
    const client = new Client({
      connectionString: options.url,
      application_name: 'key-revocations',
    });
    this.client = client;
    const lost = (reason: string): void => {
      if (this.client !== client) {
        return;
      }
      this.client = undefined;
      this.listening = false;
      this.cache.clear();
      client.end().catch(() => undefined);
      if (!this.closed) {
        this.logger.warn(
          `API key revocation channel lost (${reason}); keys are checked in the database until it is back`,
        );
        this.scheduleReconnect();
      }
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', () => this.cache.clear());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.client === client) {
        this.cache.clear();
        this.listening = true;
        this.failures = 0;
      }
    } catch (error) {
      lost(error instanceof Error ? error.message : String(error));
    }
  }

  private scheduleReconnect(): void {
    const delay = RECONNECT_MS[Math.min(this.failures, RECONNECT_MS.length - 1)];
    this.failures += 1;
    this.retry = setTimeout(() => void this.listen(), delay);
    this.retry.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    await client?.end().catch(() => undefined);
  }
}
