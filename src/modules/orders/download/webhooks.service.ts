import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error';
import { StoresRepository } from '../../stores/stores.repository';
import { DownloadOptions } from './download-options';
import { OrdersSyncService } from './orders-sync.service';
import { webhookAction } from './sync-decisions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Miva's order webhooks: a token-checked wake-up hint. The body is never trusted as the order:
 * the store is downloaded through the signed API instead, debounced so a burst of webhooks
 * causes one download. At shutdown a wake-up still waiting (or arriving) marks the store due in
 * the database instead, so the next start downloads it.
 */
@Injectable()
export class WebhooksService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private stopping = false;

  constructor(
    private readonly stores: StoresRepository,
    private readonly sync: OrdersSyncService,
    private readonly options: DownloadOptions,
  ) {}

  /**
   * 404 for an unknown store or a wrong token (both look the same to the caller). The body was
   * read, whatever its type, under the 1 MB limit by the raw parser for this path (bridge-app.ts).
   */
  async accept(storeId: string, token: unknown): Promise<void> {
    const store = UUID.test(storeId) ? await this.stores.findById(storeId) : null;
    const action = webhookAction(store, token, this.stopping);
    switch (action) {
      case 'reject':
        throw DomainError.notFound('Webhook');
      case 'ignore':
        return;
      case 'mark-due':
        await this.stores.wake(storeId);
        return;
      case 'download':
        this.poke(storeId);
        return;
    }
  }

  private poke(storeId: string): void {
    if (this.pending.has(storeId)) {
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(storeId);
      void this.sync.wake(storeId, 'webhook');
    }, this.options.webhookDebounceMs);
    this.pending.set(storeId, timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const waiting = [...this.pending.keys()];
    for (const timer of this.pending.values()) {
      clearTimeout(timer);
    }
    this.pending.clear();
    await Promise.all(
      waiting.map((storeId) =>
        this.stores.wake(storeId).catch((error: unknown) => {
          this.logger.warn(`store ${storeId} could not be marked due: ${String(error)}`);
        }),
      ),
    );
  }
}
