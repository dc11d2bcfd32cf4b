import { Injectable, Logger } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { MivaClientFactory } from '../miva/miva-client.factory';
import { isCredentialRefusal } from '../miva/miva-errors';
import { MivaApi } from '../miva/miva-api';
import { StoreMivaClients } from '../stores/store-miva-clients';
import { isStoreActive } from '../stores/store-status';
import { StoresRepository } from '../stores/stores.repository';
import type { ProductIdentifier } from '../../mappers/mapper-settings';
import { errorMessage } from './relay-backoff';
import { RelayMetrics, RelayQueue } from './relay-metrics';
import { RelaySettings } from './relay-settings';

export interface RelayStore {
  id: string;
  productIdentifier: ProductIdentifier;
  api: MivaApi;
  /** The sealed credentials `api` signs with (a refusal pauses the store only if unchanged). */
  credentialsEnc: Buffer;
  /**
   * Enabled and not refused, as the row read now says. Claims skip other stores' work; this
   * catches a store disabled between the claim and the call.
   */
  active: boolean;
}

/**
 * Signed Miva clients for the relay, one per store and queue, rebuilt when the store row changes
 * (credentials patched). Retries inside the client are few and short: the relay's own durable
 * backoff does the long waiting, and every call must end well within a job lease.
 */
@Injectable()
export class MivaRelayClients {
  private readonly logger = new Logger(MivaRelayClients.name);
  private readonly cache = new Map<string, { version: number; store: RelayStore }>();

  constructor(
    private readonly storeClients: StoreMivaClients,
    private readonly factory: MivaClientFactory,
    private readonly stores: StoresRepository,
    private readonly settings: RelaySettings,
    private readonly metrics: RelayMetrics,
    private readonly exceptions: ExceptionsService,
    private readonly alerts: AlertsService,
  ) {}

  /** The store's client, or null when the store no longer exists. */
  async forStore(storeId: string, queue: RelayQueue): Promise<RelayStore | null> {
    const row = await this.stores.findById(storeId);
    if (row === null) {
      this.cache.delete(`${queue}:${storeId}`);
      return null;
    }
    const key = `${queue}:${storeId}`;
    const version = row.updatedAt.getTime();
    const cached = this.cache.get(key);
    if (cached && cached.version === version) {
      return { ...cached.store, active: isStoreActive(row) };
    }
    const api = this.factory.create(this.storeClients.connectionOf(row), {
      timeoutMs: this.settings.mivaTimeoutMs,
      maxRetries: 1,
      baseDelayMs: 200,
      maxDelayMs: 2_000,
      onAttempt: (event) => {
        // One event per HTTP attempt (retries and re-stamps included): every request counts.
        this.metrics.mivaRequests.inc({
          queue,
          function: functionLabel(event.functionName),
          result: event.error ? 'error' : 'ok',
        });
      },
    });
    const store: RelayStore = {
      id: row.id,
      productIdentifier: row.productIdentifier,
      api,
      credentialsEnc: row.credentialsEnc,
      active: isStoreActive(row),
    };
    this.cache.set(key, { version, store });
    return store;
  }

  /**
   * When `error` is Miva refusing the store's credentials, pauses the store as `unauthorized`
   * with Miva's message, exactly as a download does (unless its credentials were patched since
   * `store` was read). True for such a refusal: the caller leaves its work pending, and the
   * claims hold it until the store is active again.
   */
  async pauseIfRefused(store: RelayStore, error: unknown): Promise<boolean> {
    if (!isCredentialRefusal(error)) {
      return false;
    }
    const message = errorMessage(error);
    await this.stores.markUnauthorized(store.id, store.credentialsEnc, message);
    await this.exceptions.open(
      { storeId: store.id, type: 'store', id: store.id },
      'UNAUTHORIZED',
      `Miva refused the store's credentials: ${message}`,
    );
    this.logger.warn(`store ${store.id}: Miva refused the credentials; relay paused: ${message}`);
    this.alerts.storeChanged(store.id);
    return true;
  }
}

/** A multicall is reported under its first function (the one it exists for). */
function functionLabel(name: string): string {
  const multicall = /^Operations\[([^,\]]+)/.exec(name);
  return multicall?.[1] ?? name;
}
