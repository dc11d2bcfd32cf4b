import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { BridgeApp } from '../../src/bridge-app';
import { CredentialVault, StoreCredentials } from '../../src/modules/stores/credential-vault';
import { DEFAULT_IMPORT_STATUSES } from '../../src/modules/stores/store.dto';
import { StoreEntity } from '../../src/modules/stores/store.entity';

/**
 * Inserts a store row directly (no Miva credential check, no download scheduled), for tests of
 * features that only need stored orders or a store to relay to. Tests of the stores API itself go
 * through POST /api/v1/stores.
 */
export async function insertStore(
  bridge: BridgeApp,
  overrides: Partial<StoreEntity> = {},
  credentials: Partial<StoreCredentials> = {},
): Promise<StoreEntity> {
  const vault = new CredentialVault(bridge.app.get(AppConfig).secretKey);
  const repo = bridge.app.get(DataSource).getRepository(StoreEntity);
  return repo.save(
    repo.create({
      name: 'Test store',
      endpointUrl: 'http://127.0.0.1:9/mm5/json.mvc',
      storeCode: 'TEST',
      credentialsEnc: vault.seal({
        accessToken: randomBytes(16).toString('hex'),
        signingKey: randomBytes(32).toString('base64'),
        paymentPassphrase: null,
        ...credentials,
      }),
      accessTokenLast4: 'abcd',
      signatureDigest: 'sha256',
      download: {
        strategy: 'queue_ack',
        queueCode: 'new_and_updated',
        pollIntervalSeconds: 900,
        overlap: 300,
        importStatuses: [...DEFAULT_IMPORT_STATUSES],
        startFrom: null,
        reconcileDays: 2,
      },
      productIdentifier: 'sku',
      kitMode: 'parts',
      currency: 'USD',
      customFieldMappings: [],
      paymentMappings: [],
      enabled: true,
      status: 'active',
      statusMessage: null,
      webhookTokenHash: randomBytes(32).toString('hex'),
      nextPollAt: null,
      ...overrides,
    }),
  );
}
