import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { redactCardNumbers } from '../../mappers/card-number';
import { DownloadOptions } from '../orders/download/download-options';
import { RunAborted } from '../orders/download/store-download.runner';
import { SyncCounts, SyncRunsRepository } from '../orders/download/sync-runs.repository';
import {
  IngestSettings,
  ingestSettingsOf,
  OrderIngestService,
  RemapPageResult,
} from '../orders/order-ingest.service';
import { StoreEvents } from '../stores/store-events';
import { StoresService } from '../stores/stores.service';

/** Stored orders per transaction: one page's raw orders are all a remap holds in memory. */
export const REMAP_PAGE = 250;

const MAX_ERROR_LENGTH = 2000;

interface ActiveRemap {
  runId: string;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * `POST /stores/:id/remap`: maps the store's stored raw Miva orders again with its current
 * settings, in the background, as a sync run with trigger `remap` (no Miva calls). Pages are read
 * by Miva id (keyset), each mapped and committed in its own transaction through the ingest write
 * path, so a changed order gets a new revision and its exceptions are opened or resolved as a
 * download would. One remap per store at a time, across instances (SyncRunsRepository.startRemap);
 * a run whose process died is shown failed `interrupted` once its heartbeat is stale, like a
 * download's.
 */
@Injectable()
export class RemapRunsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Remap');
  private readonly active = new Map<string, ActiveRemap>();
  private stopping = false;

  constructor(
    private readonly stores: StoresService,
    private readonly runs: SyncRunsRepository,
    private readonly ingest: OrderIngestService,
    private readonly options: DownloadOptions,
    private readonly events: StoreEvents,
  ) {}

  onModuleInit(): void {
    this.events.onBeforeDelete((storeId) => this.stop(storeId, 'the store was deleted'));
  }

  /** Starts a remap of the store, or answers the one running (here or on another instance). */
  async request(auth: AuthContext, storeId: string): Promise<string> {
    const store = await this.stores.load(auth, storeId);
    if (this.stopping) {
      throw new DomainError(ErrorCode.Unavailable, 'The service is shutting down');
    }
    const local = this.active.get(store.id);
    if (local) {
      return local.runId;
    }
    const start = await this.runs.startRemap(store.id, this.options.staleSeconds);
    if (start.started) {
      this.launch(ingestSettingsOf(store), start.runId);
    }
    return start.runId;
  }

  /** Resolves when this instance runs no remap of the store (for tests and store deletion). */
  async whenIdle(storeId: string): Promise<void> {
    for (let run = this.active.get(storeId); run; run = this.active.get(storeId)) {
      await run.done;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const runs = [...this.active.values()];
    for (const run of runs) {
      run.controller.abort(new RunAborted('interrupted (shutdown)'));
    }
    // Each stops after the page it is committing; committed pages stay committed.
    await Promise.all(runs.map((run) => run.done));
  }

  private async stop(storeId: string, reason: string): Promise<void> {
    this.active.get(storeId)?.controller.abort(new RunAborted(reason));
    await this.whenIdle(storeId);
  }

  private launch(settings: IngestSettings, runId: string): void {
    const controller = new AbortController();
    const entry: ActiveRemap = { runId, controller, done: Promise.resolve() };
    this.active.set(settings.storeId, entry);
    entry.done = this.execute(settings, runId, controller).finally(() => {
      if (this.active.get(settings.storeId) === entry) {
        this.active.delete(settings.storeId);
      }
    });
  }

  /** Runs the remap to its end and records it; never throws. */
  private async execute(
    settings: IngestSettings,
    runId: string,
    controller: AbortController,
  ): Promise<void> {
    const counts: SyncCounts = { seen: 0, created: 0, updated: 0, acknowledged: 0, failed: 0 };
    const signal = controller.signal;
    const heartbeat = setInterval(() => {
      this.runs.heartbeatRunning(runId).then(
        (running) => {
          if (!running) {
            controller.abort(new RunAborted('the run was ended elsewhere (store deleted?)'));
          }
        },
        (error: unknown) => this.logger.warn(`remap heartbeat failed: ${String(error)}`),
      );
    }, this.options.heartbeatMs);
    const started = Date.now();
    let status: 'succeeded' | 'failed' = 'succeeded';
    let failure: string | null = null;
    try {
      for (let after: number | null = 0; after !== null;) {
        signal.throwIfAborted();
        const page = await this.remapPage(settings, after, signal);
        counts.seen += page.seen;
        counts.created += page.created;
        counts.updated += page.updated;
        counts.failed += page.failed;
        await this.runs.progress(runId, counts);
        after = page.next;
      }
      this.logger.log(
        `store ${settings.storeId} remap: ${counts.seen} remapped, ${counts.updated} revised, ${counts.created} created, ${counts.failed} unmappable in ${Date.now() - started} ms`,
      );
    } catch (error) {
      status = 'failed';
      failure = describe(error, signal);
      this.logger.warn(`store ${settings.storeId} remap failed: ${failure}`);
    } finally {
      clearInterval(heartbeat);
    }
    try {
      await this.runs.finish(runId, status, counts, failure);
    } catch (error) {
      this.logger.error(`recording the end of remap run ${runId} failed: ${String(error)}`);
    }
  }

  /** One page; a database hiccup (a deadlock, a dropped connection) is retried, not fatal. */
  private async remapPage(
    settings: IngestSettings,
    after: number,
    signal: AbortSignal,
  ): Promise<RemapPageResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ingest.remapPage(settings, after, REMAP_PAGE);
      } catch (error) {
        if (attempt >= this.options.commitAttempts || signal.aborted) {
          throw error;
        }
        this.logger.warn(`remap page attempt ${attempt} failed, retrying: ${String(error)}`);
        await sleep(500 * attempt);
      }
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The run's error: why it was stopped, or what failed (card numbers masked, kept short). */
function describe(error: unknown, signal: AbortSignal): string {
  const reason: unknown = signal.aborted ? signal.reason : error;
  const text =
    reason instanceof RunAborted
      ? reason.message
      : `internal error: ${reason instanceof Error ? reason.message : String(reason)}`;
  const safe = redactCardNumbers(text);
  return safe.length > MAX_ERROR_LENGTH ? `${safe.slice(0, MAX_ERROR_LENGTH - 1)}…` : safe;
}
