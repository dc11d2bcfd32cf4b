import { createHash } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Pool } from 'undici';
import { MivaClient, MivaClientOptions, MivaConnection } from './miva-client';
import { MivaError, MivaErrorKind } from './miva-errors';
import { MivaApi } from './miva-api';

/** Defaults for every client the factory creates (per-store options override them). */
export const MIVA_CLIENT_DEFAULTS = Symbol('MIVA_CLIENT_DEFAULTS');

export interface MivaClientDefaults extends Omit<MivaClientOptions, 'dispatcher'> {
  /** Keep-alive connections per Miva origin, shared by every store on that origin. Default 16. */
  connectionsPerOrigin?: number;
}

type ClientOptions = Omit<MivaClientOptions, 'dispatcher'>;

/**
 * Creates MivaApi instances that share one keep-alive pool per endpoint origin (several stores
 * on one Miva host reuse the same connections). Each client keeps its own limiter (concurrency
 * and spacing), so `forStore` hands every caller of one store the same client: the pacing then
 * holds per store across the download, shipment and inventory paths. Pools close on shutdown.
 */
@Injectable()
export class MivaClientFactory implements OnApplicationShutdown {
  private readonly pools = new Map<string, Pool>();
  private readonly stores = new Map<string, { fingerprint: string; api: MivaApi }>();
  private readonly defaults: MivaClientDefaults;
  private closed = false;

  constructor(@Optional() @Inject(MIVA_CLIENT_DEFAULTS) defaults?: MivaClientDefaults) {
    this.defaults = defaults ?? {};
  }

  /**
   * The client of one store, created on first use and reused while its connection settings are
   * unchanged (a credential change yields a fresh client).
   */
  forStore(storeId: string, connection: MivaConnection, options: ClientOptions = {}): MivaApi {
    // Hashed so that no map key or heap snapshot string holds the raw credentials together.
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify([
          connection.endpointUrl,
          connection.storeCode,
          connection.accessToken,
          connection.signingKey,
          connection.signatureDigest ?? 'sha256',
          options,
        ]),
      )
      .digest('hex');
    const cached = this.stores.get(storeId);
    if (cached?.fingerprint === fingerprint) {
      return cached.api;
    }
    const api = this.create(connection, options);
    this.stores.set(storeId, { fingerprint, api });
    return api;
  }

  /** Drops a store's cached client (store deleted or disabled). */
  forget(storeId: string): void {
    this.stores.delete(storeId);
  }

  /** A new client (own limiter) on the shared pool of its origin. */
  create(connection: MivaConnection, options: ClientOptions = {}): MivaApi {
    if (this.closed) {
      throw new MivaError(MivaErrorKind.Config, 'The Miva client factory is shut down');
    }
    const { connectionsPerOrigin, ...clientDefaults } = this.defaults;
    // The pool is made (or reused) only once the client has validated the connection.
    const dispatcher = (origin: string): Pool => {
      let pool = this.pools.get(origin);
      if (!pool) {
        pool = new Pool(origin, {
          connections: connectionsPerOrigin ?? 16,
          connect: { timeout: 15_000 },
        });
        this.pools.set(origin, pool);
      }
      return pool;
    };
    const client = new MivaClient(connection, { ...clientDefaults, ...options, dispatcher });
    return new MivaApi(client);
  }

  /** Origins with an open pool (for diagnostics and tests). */
  get origins(): string[] {
    return [...this.pools.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    this.stores.clear();
    await Promise.allSettled(pools.map((pool) => pool.close()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
