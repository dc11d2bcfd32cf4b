import { Injectable, Logger } from '@nestjs/common';
import { isCredentialRefusal, MivaError } from '../../miva/miva-errors';
import type { StoreEntity } from '../../stores/store.entity';
import { StoreMivaClients } from '../../stores/store-miva-clients';
import { StoresRepository } from '../../stores/stores.repository';
import {
  IngestResult,
  IngestSettings,
  PreparedPage,
  ingestSettingsOf,
  OrderIngestService,
} from '../order-ingest.service';
import { DownloadOptions } from './download-options';
import { DownloadContext, DownloadError } from './download-strategy';
import { strategyRun } from './strategies';
import { SyncCounts, SyncRunsRepository } from './sync-runs.repository';

export interface RunOutcome {
  status: 'succeeded' | 'failed';
  counts: SyncCounts;
  error: string | null;
  /** Set when Miva refused the credentials (the store is then paused as unauthorized). */
  unauthorized: boolean;
  /** Set when the run was stopped from outside (shutdown, store deleted, lock lost). */
  aborted: boolean;
}

/** Why a run was stopped from outside; its message becomes the run's error. */
export class RunAborted extends Error {
  override readonly name = 'RunAborted';
}

const MAX_ERROR_LENGTH = 2000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Executes one download of one store with its strategy: builds the context (Miva client, commit
 * through the ingest write path, cursor saving), keeps the run's heartbeat and counters, and
 * turns the ending into an outcome. Never throws.
 */
@Injectable()
export class StoreDownloadRunner {
  private readonly logger = new Logger('OrdersDownload');

  constructor(
    private readonly clients: StoreMivaClients,
    private readonly ingest: OrderIngestService,
    private readonly runs: SyncRunsRepository,
    private readonly stores: StoresRepository,
    private readonly options: DownloadOptions,
  ) {}

  async run(store: StoreEntity, runId: string, controller: AbortController): Promise<RunOutcome> {
    const counts: SyncCounts = { seen: 0, created: 0, updated: 0, acknowledged: 0, failed: 0 };
    const signal = controller.signal;
    const heartbeat = setInterval(() => {
      this.heartbeat(runId, store.id).then(
        (alive) => {
          if (!alive) {
            controller.abort(new RunAborted('the store was deleted'));
          }
        },
        (error: unknown) => this.logger.warn(`heartbeat failed: ${String(error)}`),
      );
    }, this.options.heartbeatMs);
    const started = Date.now();
    try {
      const ctx = this.context(store, runId, counts, signal);
      await strategyRun(store.download.strategy)(ctx);
      this.logger.log(
        `store ${store.id} ${store.download.strategy}: ${counts.seen} seen, ${counts.created} created, ${counts.updated} updated, ${counts.acknowledged} acknowledged, ${counts.failed} unmappable in ${Date.now() - started} ms`,
      );
      return { status: 'succeeded', counts, error: null, unauthorized: false, aborted: false };
    } catch (error) {
      const aborted = signal.aborted;
      const message = truncate(describe(error, signal));
      const unauthorized = !aborted && isCredentialRefusal(error);
      this.logger.warn(`store ${store.id} download failed: ${message}`);
      return { status: 'failed', counts, error: message, unauthorized, aborted };
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Refreshes the run's heartbeat; false when the store (or the run with it) was deleted. */
  private async heartbeat(runId: string, storeId: string): Promise<boolean> {
    return (await this.stores.exists(storeId)) && (await this.runs.heartbeat(runId));
  }

  private context(
    store: StoreEntity,
    runId: string,
    counts: SyncCounts,
    signal: AbortSignal,
  ): DownloadContext {
    const credentials = this.clients.credentials(store);
    const api = this.clients.open(store);
    // The same settings remap uses, so a download and a remap map an order alike.
    const settings = ingestSettingsOf(store);
    const expect = { strategy: store.download.strategy, startFrom: store.download.startFrom };
    return {
      store,
      api,
      passphrase: credentials.paymentPassphrase ?? undefined,
      pageSize: this.options.pageSize,
      commitsInFlight: this.options.commitsInFlight,
      signal,
      commit: (orders) => {
        // Mapped at once: only the page's rows are kept while it is written (and retried).
        const page = this.ingest.prepare(settings, orders);
        return this.write(settings, page, signal).then(async (result) => {
          counts.seen += result.seen;
          counts.created += result.created;
          counts.updated += result.updated;
          counts.failed += result.failed;
          await this.runs.progress(runId, counts);
          return result;
        });
      },
      acknowledged: (count) => {
        counts.acknowledged += count;
      },
      saveCursor: async (cursor) => {
        // False when a PATCH changed the strategy meanwhile: its reset cursor wins.
        await this.stores.saveCursor(store.id, expect, cursor);
      },
      mivaNow: () => Math.floor((Date.now() + (api.client.serverClockOffsetMs ?? 0)) / 1000),
    };
  }

  /** One page through the write path; a database hiccup is retried with the page in memory. */
  private async write(
    settings: IngestSettings,
    page: PreparedPage,
    signal: AbortSignal,
  ): Promise<IngestResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ingest.write(settings, page);
      } catch (error) {
        if (attempt >= this.options.commitAttempts || signal.aborted) {
          throw error;
        }
        this.logger.warn(`commit attempt ${attempt} failed, retrying: ${String(error)}`);
        await sleep(500 * attempt);
      }
    }
  }
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof RunAborted ? reason.message : 'interrupted';
  }
  if (error instanceof MivaError || error instanceof DownloadError) {
    return error.message;
  }
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/** A failed run's `error`: why it was stopped from outside, or what failed (reconciliations too). */
export function runErrorOf(error: unknown, signal: AbortSignal): string {
  return truncate(describe(error, signal));
}
