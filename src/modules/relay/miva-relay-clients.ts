import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { MivaClientFactory } from '../miva/miva-client.factory';
import { MivaApi } from '../miva/miva-functions';
import { CredentialVault } from '../stores/credential-vault';
import type { ProductIdentifier } from '../../mappers/mapper-settings';
import { RelayMetrics, RelayQueue } from './relay-metrics';
import { RelaySettings } from './relay-settings';
import { RelayStoresRepository } from './relay-stores.repository';

export interface RelayStore {
  id: string;
  productIdentifier: ProductIdentifier;
  api: MivaApi;
}

/**
 * Signed Miva clients for the relay, one per store and queue, rebuilt when the store row changes
 * (credentials patched). Retries inside the client are few and short: the relay's own durable
 * backoff does the long waiting, and every call must end well within a job lease.
 */
@Injectable()
export class MivaRelayClients {
  private readonly vault: CredentialVault;
  private readonly cache = new Map<string, { version: number; store: RelayStore }>();

  constructor(
    config: AppConfig,
    private readonly factory: MivaClientFactory,
    private readonly stores: RelayStoresRepository,
    private readonly settings: RelaySettings,
    private readonly metrics: RelayMetrics,
  ) {
    this.vault = new CredentialVault(config.secretKey);
  }

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
      return cached.store;
    }
    const credentials = this.vault.open(row.credentialsEnc);
    const api = this.factory.create(
      {
        endpointUrl: row.endpointUrl,
        storeCode: row.storeCode,
        accessToken: credentials.accessToken,
        signingKey: credentials.signingKey,
        signatureDigest: row.signatureDigest,
      },
      {
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
      },
    );
    const store: RelayStore = { id: row.id, productIdentifier: row.productIdentifier, api };
    this.cache.set(key, { version, store });
    return store;
  }
}

/** A multicall is reported under its first function (the one it exists for). */
function functionLabel(name: string): string {
  const multicall = /^Operations\[([^,\]]+)/.exec(name);
  return multicall ? multicall[1] : name;
}
