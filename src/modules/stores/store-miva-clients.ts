import { Injectable } from '@nestjs/common';
import type { MivaConnection } from '../miva/miva-client';
import { MivaClientFactory } from '../miva/miva-client.factory';
import { MivaApi } from '../miva/miva-api';
import { CredentialVault, StoreCredentials } from './credential-vault';
import type { StoreEntity } from './store.entity';

/** Opens Miva clients for stored stores (credentials decrypted only here, never kept). */
@Injectable()
export class StoreMivaClients {
  constructor(
    private readonly factory: MivaClientFactory,
    private readonly vault: CredentialVault,
  ) {}

  credentials(store: StoreEntity): StoreCredentials {
    return this.vault.open(store.credentialsEnc);
  }

  connectionOf(store: StoreEntity, credentials = this.credentials(store)): MivaConnection {
    return {
      endpointUrl: store.endpointUrl,
      storeCode: store.storeCode,
      accessToken: credentials.accessToken,
      signingKey: credentials.signingKey,
      signatureDigest: store.signatureDigest,
    };
  }

  /** The store's client, shared by every path that calls this store (one pacing per store). */
  open(store: StoreEntity): MivaApi {
    return this.factory.forStore(store.id, this.connectionOf(store));
  }

  /** Drops the store's cached client (store deleted). */
  forget(storeId: string): void {
    this.factory.forget(storeId);
  }
}
