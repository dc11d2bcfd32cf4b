import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error';
import { StoresRepository } from '../../stores/stores.repository';
import { OrdersSyncService } from './orders-sync.service';
import { webhookAction } from './sync-decisions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Miva's order webhooks: a token-checked wake-up hint. The body is never trusted as the order:
 * the store is downloaded through the signed API instead. The first hint for an idle store starts
 * a download at once (leading edge); hints that arrive while it starts or runs are folded into
 * one follow-up download (OrdersSyncService.wake remembers one rerun per run), so a burst of
 * webhooks keeps at most one run going and one queued per store. At shutdown a hint marks the
 * store due in the database instead, so the next start downloads it.
 */
@Injectable()
export class WebhooksService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  /** Stores whose wake is being handed to the sync service, and whether a hint came meanwhile. */
  private readonly waking = new Map<string, { again: boolean }>();
  private stopping = false;

  constructor(
    private readonly stores: StoresRepository,
    private readonly sync: OrdersSyncService,
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
    const waking = this.waking.get(storeId);
    if (waking) {
      waking.again = true;
      return;
    }
    const state = { again: false };
    this.waking.set(storeId, state);
    void this.sync.wake(storeId, 'webhook').finally(() => {
      this.waking.delete(storeId);
      // Once the run is registered, this wake becomes its one follow-up run.
      if (state.again && !this.stopping) {
        this.poke(storeId);
      }
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // A wake still being handed over may start its run after the sync service stopped taking
    // runs, or not at all: the next start downloads these stores.
    const waiting = [...this.waking.keys()];
    await Promise.all(
      waiting.map((storeId) =>
        this.stores.wake(storeId).catch((error: unknown) => {
          this.logger.warn(`store ${storeId} could not be marked due: ${String(error)}`);
        }),
      ),
    );
  }
}
