import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { AlertsService } from '../alerts/alerts.service';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { DEFAULT_CURRENCY } from '../../mappers/mapper-settings';
import { CredentialVault, StoreCredentials } from './credential-vault';
import { resolveDownloadSettings } from './download-settings';
import { SecretKeyCheck } from './secret-key-check';
import { CreateStoreDto, StoreDto, UpdateStoreDto, WebhookTokenDto } from './store.dto';
import { DownloadSettings, StoreEntity, StoreStatus } from './store.entity';
import { StoreCredentialCheck } from './store-credential-check';
import { StoreMivaClients } from './store-miva-clients';
import { becameActive } from './store-status';
import { StoreEvents } from './store-events';
import { StorePatch, StoresRepository } from './stores.repository';
import { generateWebhookToken, hashWebhookToken, webhookPath } from './webhook-token';

/** Store connections: create (checked with Miva first), read, patch, delete, webhook token. */
@Injectable()
export class StoresService {
  constructor(
    private readonly repository: StoresRepository,
    private readonly credentialCheck: StoreCredentialCheck,
    private readonly clients: StoreMivaClients,
    private readonly vault: CredentialVault,
    private readonly events: StoreEvents,
    private readonly keyCheck: SecretKeyCheck,
    private readonly alerts: AlertsService,
  ) {}

  async create(auth: AuthContext, dto: CreateStoreDto): Promise<StoreDto> {
    if (!auth.isAdmin && auth.storeIds !== null) {
      throw new DomainError(ErrorCode.Forbidden, 'A key limited to some stores cannot add stores');
    }
    const download = resolveDownloadSettings(dto.download, undefined);
    const signatureDigest = dto.signatureDigest ?? 'sha256';
    const credentials: StoreCredentials = {
      accessToken: dto.accessToken,
      signingKey: dto.signingKey ?? '',
      paymentPassphrase: dto.paymentPassphrase ?? null,
    };
    // Checked even for a store created disabled: a connection is saved only once it works.
    await this.credentialCheck.check(
      {
        endpointUrl: dto.endpointUrl,
        storeCode: dto.storeCode,
        accessToken: credentials.accessToken,
        signingKey: credentials.signingKey,
        signatureDigest,
      },
      download,
    );
    const enabled = dto.enabled ?? true;
    const token = generateWebhookToken();
    await this.keyCheck.beforeCredentialWrite();
    const store = await this.repository.insert({
      name: dto.name,
      endpointUrl: dto.endpointUrl,
      storeCode: dto.storeCode,
      credentialsEnc: this.vault.seal(credentials),
      accessTokenLast4: last4(credentials.accessToken),
      signatureDigest,
      download,
      downloadCursor: {},
      productIdentifier: dto.productIdentifier ?? 'sku',
      kitMode: dto.kitMode ?? 'parts',
      currency: dto.currency ?? DEFAULT_CURRENCY,
      customFieldMappings: [],
      paymentMappings: [],
      enabled,
      status: enabled ? 'active' : 'disabled',
      statusMessage: null,
      webhookTokenHash: hashWebhookToken(token),
      // The first download is due at once (the scheduler picks it up on its next tick).
      nextPollAt: enabled ? new Date() : null,
      // The first daily reconciliation: a day after creation (StoresRepository.claimDueReconciles).
      nextReconcileAt: null,
    });
    return toStoreDto(store, token);
  }

  async list(auth: AuthContext): Promise<StoreDto[]> {
    const ids = auth.isAdmin ? null : auth.storeIds;
    return (await this.repository.list(ids)).map((store) => toStoreDto(store));
  }

  async get(auth: AuthContext, id: string): Promise<StoreDto> {
    return toStoreDto(await this.load(auth, id));
  }

  /** The store row for a caller allowed to see it (404 otherwise). */
  async load(auth: AuthContext, id: string): Promise<StoreEntity> {
    auth.assertStore(id);
    const store = await this.repository.findById(id);
    if (!store) {
      throw DomainError.notFound('Store');
    }
    return store;
  }

  async update(auth: AuthContext, id: string, dto: UpdateStoreDto): Promise<StoreDto> {
    const store = await this.load(auth, id);
    const download = resolveDownloadSettings(dto.download, store.download);
    const current = this.vault.open(store.credentialsEnc);
    const credentials: StoreCredentials = {
      accessToken: dto.accessToken ?? current.accessToken,
      signingKey: dto.signingKey ?? current.signingKey,
      paymentPassphrase:
        dto.paymentPassphrase !== undefined ? dto.paymentPassphrase : current.paymentPassphrase,
    };
    const signatureDigest = dto.signatureDigest ?? store.signatureDigest;
    const endpointUrl = dto.endpointUrl ?? store.endpointUrl;
    const storeCode = dto.storeCode ?? store.storeCode;
    const enabled = dto.enabled ?? store.enabled;

    const connectionChanged =
      dto.accessToken !== undefined ||
      dto.signingKey !== undefined ||
      dto.signatureDigest !== undefined ||
      dto.endpointUrl !== undefined ||
      dto.storeCode !== undefined;
    const queueChanged =
      download.strategy !== store.download.strategy ||
      download.queueCode !== store.download.queueCode;
    const enabling = enabled && !store.enabled;
    const checked = connectionChanged || queueChanged || enabling;
    if (checked) {
      await this.credentialCheck.check(
        {
          endpointUrl,
          storeCode,
          accessToken: credentials.accessToken,
          signingKey: credentials.signingKey,
          signatureDigest,
        },
        download,
      );
    }

    const patch: StorePatch = {
      name: dto.name,
      endpointUrl: dto.endpointUrl,
      storeCode: dto.storeCode,
      signatureDigest: dto.signatureDigest,
      download,
      productIdentifier: dto.productIdentifier,
      kitMode: dto.kitMode,
      currency: dto.currency,
      enabled,
    };
    if (
      dto.accessToken !== undefined ||
      dto.signingKey !== undefined ||
      dto.paymentPassphrase !== undefined
    ) {
      await this.keyCheck.beforeCredentialWrite();
      patch.credentialsEnc = this.vault.seal(credentials);
      patch.accessTokenLast4 = last4(credentials.accessToken);
    }
    const cursorReset =
      download.strategy !== store.download.strategy ||
      download.startFrom !== store.download.startFrom;
    if (cursorReset) {
      patch.downloadCursor = {};
    }

    // An unauthorized store stays paused until a change passes the check with Miva.
    let status: StoreStatus = store.status;
    let statusMessage = store.statusMessage;
    if (!enabled) {
      status = 'disabled';
      statusMessage = null;
    } else if (checked) {
      status = 'active';
      statusMessage = null;
    }
    patch.status = status;
    patch.statusMessage = statusMessage;
    if (!enabled) {
      patch.nextPollAt = null;
    } else if (status === 'active' && (store.status !== 'active' || cursorReset || checked)) {
      patch.nextPollAt = new Date();
    } else if (download.pollIntervalSeconds !== store.download.pollIntervalSeconds) {
      patch.nextPollAt = new Date(Date.now() + download.pollIntervalSeconds * 1000);
    }

    for (const key of Object.keys(patch) as (keyof StorePatch)[]) {
      if (patch[key] === undefined) {
        delete patch[key];
      }
    }
    const updated = await this.repository.update(id, patch);
    if (!updated) {
      throw DomainError.notFound('Store');
    }
    if (becameActive(store, updated)) {
      // Its held shipments and inventory may go now rather than at the relay's next poll.
      this.events.emitActivated(id);
    }
    // Its status or schedule may have changed its health (failing or back): the alerts look.
    this.alerts.storeChanged(id);
    return toStoreDto(updated);
  }

  async delete(auth: AuthContext, id: string): Promise<void> {
    await this.load(auth, id);
    // Stops this instance's download of the store first, so it writes nothing afterwards.
    await this.events.emitBeforeDelete(id);
    if (!(await this.repository.delete(id))) {
      throw DomainError.notFound('Store');
    }
    this.clients.forget(id);
  }

  async rotateWebhookToken(auth: AuthContext, id: string): Promise<WebhookTokenDto> {
    await this.load(auth, id);
    const token = generateWebhookToken();
    await this.repository.update(id, { webhookTokenHash: hashWebhookToken(token) });
    return { webhookUrl: webhookPath(id, token) };
  }
}

function last4(token: string): string {
  return token.trim().slice(-4);
}

function downloadView(download: DownloadSettings): DownloadSettings {
  return {
    strategy: download.strategy,
    queueCode: download.queueCode,
    pollIntervalSeconds: download.pollIntervalSeconds,
    overlap: download.overlap,
    importStatuses: [...download.importStatuses],
    startFrom: download.startFrom,
    reconcileDays: download.reconcileDays,
  };
}

/** The public view: never a secret; the webhook token only when `token` is given. */
export function toStoreDto(store: StoreEntity, token?: string): StoreDto {
  return {
    id: store.id,
    name: store.name,
    endpointUrl: store.endpointUrl,
    storeCode: store.storeCode,
    accessTokenLast4: store.accessTokenLast4,
    signatureDigest: store.signatureDigest,
    download: downloadView(store.download),
    productIdentifier: store.productIdentifier,
    kitMode: store.kitMode,
    currency: store.currency,
    enabled: store.enabled,
    status: store.status,
    statusMessage: store.statusMessage,
    webhookUrl: webhookPath(store.id, token),
    nextPollAt: store.nextPollAt ? store.nextPollAt.toISOString() : null,
    createdAt: store.createdAt.toISOString(),
    updatedAt: store.updatedAt.toISOString(),
  };
}
