import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Pool } from 'undici';
import { MivaClient, MivaClientOptions, MivaConnection } from './miva-client';
import { MivaError, MivaErrorKind } from './miva-errors';
import { MivaApi } from './miva-functions';

/** Defaults for every client the factory creates (per-store options override them). */
export const MIVA_CLIENT_DEFAULTS = Symbol('MIVA_CLIENT_DEFAULTS');

export interface MivaClientDefaults extends Omit<MivaClientOptions, 'dispatcher'> {
  /** Keep-alive connections per Miva origin, shared by every store on that origin. Default 16. */
  connectionsPerOrigin?: number;
}

/**
 * Creates MivaApi instances that share one keep-alive pool per endpoint origin (several stores
 * on one Miva host reuse the same connections). Each client keeps its own limiter, so one
 * store's pacing never starves another's beyond the shared pool size. Pools close on shutdown.
 */
@Injectable()
export class MivaClientFactory implements OnApplicationShutdown {
  private readonly pools = new Map<string, Pool>();
  private readonly defaults: MivaClientDefaults;
  private closed = false;

  constructor(@Optional() @Inject(MIVA_CLIENT_DEFAULTS) defaults?: MivaClientDefaults) {
    this.defaults = defaults ?? {};
  }

  create(connection: MivaConnection, options: Omit<MivaClientOptions, 'dispatcher'> = {}): MivaApi {
    if (this.closed) {
      throw new MivaError(MivaErrorKind.Config, 'The Miva client factory is shut down');
    }
    let origin: string;
    try {
      origin = new URL(connection.endpointUrl).origin;
    } catch {
      throw new MivaError(MivaErrorKind.Config, 'The Miva endpoint URL is not a valid URL');
    }
    const { connectionsPerOrigin, ...clientDefaults } = this.defaults;
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: connectionsPerOrigin ?? 16,
        connect: { timeout: 15_000 },
      });
      this.pools.set(origin, pool);
    }
    const client = new MivaClient(connection, { ...clientDefaults, ...options, dispatcher: pool });
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
    await Promise.allSettled(pools.map((pool) => pool.close()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
