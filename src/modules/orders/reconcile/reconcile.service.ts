import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { AuthContext } from '../../../common/auth/auth-context';
import { DomainError } from '../../../common/errors/domain-error';
import { ErrorCode } from '../../../common/errors/error-code';
import { AppConfig } from '../../../config/app-config';
import { DEFAULT_RECONCILE_DAYS } from '../../stores/store.dto';
import type { StoreEntity } from '../../stores/store.entity';
import { StoreEvents } from '../../stores/store-events';
import { StoresRepository } from '../../stores/stores.repository';
import { StoresService } from '../../stores/stores.service';
import { DownloadMetrics } from '../download/download-metrics';
import { DownloadOptions } from '../download/download-options';
import { RunAftermath } from '../download/run-aftermath';
import { RunAborted, RunOutcome } from '../download/store-download.runner';
import { SyncRunsRepository } from '../download/sync-runs.repository';
import type { ReconcileRequestDto } from './reconcile.dto';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_REFETCH,
  RECONCILE_EVERY_SECONDS,
  RECONCILE_RETRY_SECONDS,
  ReconcilePlan,
  reconcileWindow,
} from './reconcile-plan';
import { ReconcileRunner } from './reconcile.runner';

interface ActiveReconcile {
  runId: string;
  controller: AbortController;
  done: Promise<void>;
  /** Started by the daily schedule (a failure is retried, an interruption handed on). */
  scheduled: boolean;
  /** Its end is recorded (the API shows it finished): a new request starts a new run. */
  ended: boolean;
}

/** Scheduled reconciliations at once in one instance (each holds Miva reads and commits). */
const MAX_SCHEDULED = 2;

/**
 * Decides when a store is reconciled: on request (`POST /stores/:id/reconcile`) or once a day.
 * One reconciliation per store at a time across instances (a second request answers the running
 * one); it runs beside the store's downloads, never reading its queue. Records each run with a
 * heartbeat, and what its ending changes on the store (RunAftermath).
 */
@Injectable()
export class ReconcileService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('OrdersReconcile');
  private readonly active = new Map<string, ActiveReconcile>();
  private stopping = false;
  private ticking = false;

  constructor(
    private readonly config: AppConfig,
    private readonly options: DownloadOptions,
    private readonly storesService: StoresService,
    private readonly stores: StoresRepository,
    private readonly runs: SyncRunsRepository,
    private readonly runner: ReconcileRunner,
    private readonly events: StoreEvents,
    private readonly metrics: DownloadMetrics,
    private readonly aftermath: RunAftermath,
  ) {}

  onModuleInit(): void {
    this.events.onBeforeDelete((storeId) => this.stopStore(storeId, 'the store was deleted'));
  }

  /** `POST /stores/:id/reconcile`: the run started, or the store's running reconciliation. */
  async request(auth: AuthContext, storeId: string, body: ReconcileRequestDto): Promise<string> {
    const store = await this.storesService.load(auth, storeId);
    const window = reconcileWindow(
      { from: body.from ?? undefined, to: body.to ?? undefined },
      reconcileDaysOf(store),
      new Date(),
    );
    if (Array.isArray(window)) {
      throw DomainError.validation(window);
    }
    if (!store.enabled) {
      throw new DomainError(ErrorCode.Conflict, 'No reconciliation: the store is disabled');
    }
    const plan: ReconcilePlan = {
      window,
      refetch: body.refetch ?? DEFAULT_REFETCH,
      concurrency: body.concurrency ?? DEFAULT_CONCURRENCY,
    };
    const runId = await this.start(store, plan, false);
    if (runId === undefined) {
      throw new DomainError(ErrorCode.Unavailable, 'The service is shutting down; try again');
    }
    return runId;
  }

  /** The daily schedule's tick: claims the due stores (each on exactly one instance), starts them. */
  async tick(): Promise<void> {
    if (!this.config.syncScheduler || this.stopping || this.ticking) {
      return;
    }
    this.ticking = true;
    try {
      const running = [...this.active.values()].filter((run) => run.scheduled).length;
      if (running >= MAX_SCHEDULED) {
        return;
      }
      const due = await this.stores.claimDueReconciles(
        MAX_SCHEDULED - running,
        RECONCILE_EVERY_SECONDS,
      );
      for (const storeId of due) {
        await this.startScheduled(storeId);
      }
    } catch (error) {
      this.logger.warn(`reconcile tick failed: ${String(error)}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Stops this instance's reconciliation of the store and waits for it to end. */
  async stopStore(storeId: string, reason: string): Promise<void> {
    const run = this.active.get(storeId);
    if (run) {
      run.controller.abort(new RunAborted(reason));
      await run.done;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const runs = [...this.active.values()];
    for (const run of runs) {
      run.controller.abort(new RunAborted('interrupted (shutdown)'));
    }
    await Promise.all(runs.map((run) => run.done));
  }

  private async startScheduled(storeId: string): Promise<void> {
    const store = await this.stores.findById(storeId);
    if (!store) {
      return;
    }
    // The claim checked reconcileDays > 0, so the default window is never empty.
    const window = reconcileWindow({}, reconcileDaysOf(store), new Date());
    if (Array.isArray(window)) {
      return;
    }
    await this.start(store, { window, refetch: 'changed', concurrency: DEFAULT_CONCURRENCY }, true);
  }

  /**
   * Records a new run and starts it in the background, or answers the one running (here or on
   * another instance: the runs table admits one running reconciliation per store). Undefined
   * when shutting down.
   */
  private async start(
    store: StoreEntity,
    plan: ReconcilePlan,
    scheduled: boolean,
  ): Promise<string | undefined> {
    if (this.stopping) {
      return undefined;
    }
    const local = this.active.get(store.id);
    if (local && !local.ended) {
      return local.runId;
    }
    await local?.done;
    const { runId, started } = await this.runs.startReconcile(store.id, this.options.staleSeconds);
    if (!started) {
      return runId;
    }
    const entry: ActiveReconcile = {
      runId,
      controller: new AbortController(),
      done: Promise.resolve(),
      scheduled,
      ended: false,
    };
    this.active.set(store.id, entry);
    entry.done = this.execute(store, entry, plan).finally(() => {
      this.active.delete(store.id);
    });
    return runId;
  }

  private async execute(store: StoreEntity, run: ActiveReconcile, plan: ReconcilePlan) {
    const heartbeat = setInterval(() => {
      this.runs.heartbeatRunning(run.runId).then(
        (alive) => {
          if (!alive) {
            run.controller.abort(
              new RunAborted('stopped: the store was deleted or the run was taken for dead'),
            );
          }
        },
        (error: unknown) => this.logger.warn(`heartbeat failed: ${String(error)}`),
      );
    }, this.options.heartbeatMs);
    let outcome: RunOutcome;
    try {
      outcome = await this.runner.run(store, run.runId, plan, run.controller.signal);
    } finally {
      clearInterval(heartbeat);
    }
    this.metrics.runs.inc({ trigger: 'reconcile', status: outcome.status });
    try {
      await this.runs.finish(run.runId, outcome.status, outcome.counts, outcome.error);
      run.ended = true;
      await this.aftermath.apply(store, outcome);
      if (run.scheduled && outcome.status === 'failed') {
        // Interrupted: whichever instance ticks next does it now; failed: again in an hour.
        await this.stores.scheduleReconcile(
          store.id,
          outcome.aborted ? 0 : RECONCILE_RETRY_SECONDS,
        );
      }
    } catch (error) {
      this.logger.error(`recording the end of reconcile run ${run.runId} failed: ${String(error)}`);
    }
  }
}

/** Rows written before reconcileDays existed lack it (the migration fills it in; defensive). */
function reconcileDaysOf(store: StoreEntity): number {
  return store.download.reconcileDays ?? DEFAULT_RECONCILE_DAYS;
}
