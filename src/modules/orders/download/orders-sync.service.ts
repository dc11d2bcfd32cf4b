import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DomainError } from '../../../common/errors/domain-error';
import { ErrorCode } from '../../../common/errors/error-code';
import { AppConfig } from '../../../config/app-config';
import type { StoreEntity } from '../../stores/store.entity';
import { StoreEvents } from '../../stores/store-events';
import { StoresRepository } from '../../stores/stores.repository';
import type { SyncRunEntity, SyncTrigger } from '../sync-run.entity';
import { DownloadMetrics } from './download-metrics';
import { DownloadOptions } from './download-options';
import { RunAftermath } from './run-aftermath';
import { RunAborted, RunOutcome, StoreDownloadRunner } from './store-download.runner';
import { StoreLocksRepository } from './store-locks.repository';
import { nextPollAfterRun, retryDelaySeconds, skipReason } from './sync-decisions';
import { SyncRunsRepository } from './sync-runs.repository';

interface ActiveRun {
  runId: string;
  controller: AbortController;
  done: Promise<void>;
  /** A download was asked for while this one ran: run once more right after it. */
  rerun: SyncTrigger | null;
  /**
   * The run's end is recorded (the API shows it finished) and only the lock is being released: a
   * download asked for now is a new run, not this one.
   */
  ended: boolean;
}

type StartOutcome =
  | { kind: 'started'; runId: string }
  | { kind: 'busy' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'gone' };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// A webhook that finds the store busy on another instance retries this often, this many times.
const BUSY_RETRY_MS = 1_000;
const BUSY_RETRIES = 30;

/**
 * Decides when a store downloads: on its schedule, on demand, on a webhook. Guarantees one
 * download per store at a time (store lock), records each run with a heartbeat, marks runs of
 * dead processes as interrupted, and schedules the next poll (with backoff after failures).
 */
@Injectable()
export class OrdersSyncService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('OrdersSync');
  private readonly active = new Map<string, ActiveRun>();
  private readonly busyRetries = new Map<string, NodeJS.Timeout>();
  /** Starts under way (lock taken, run not registered yet): shutdown waits for them. */
  private readonly starting = new Set<Promise<StartOutcome>>();
  private stopping = false;
  private ticking = false;

  constructor(
    private readonly config: AppConfig,
    private readonly options: DownloadOptions,
    private readonly stores: StoresRepository,
    private readonly runs: SyncRunsRepository,
    private readonly locks: StoreLocksRepository,
    private readonly runner: StoreDownloadRunner,
    private readonly events: StoreEvents,
    private readonly metrics: DownloadMetrics,
    private readonly aftermath: RunAftermath,
  ) {}

  onModuleInit(): void {
    this.events.onBeforeDelete((storeId) => this.stopStore(storeId, 'the store was deleted'));
  }

  /** The run id of this instance's download of the store, if one is running. */
  activeRunId(storeId: string): string | undefined {
    return this.active.get(storeId)?.runId;
  }

  /** The store's latest runs, newest first (runs of dead processes shown as interrupted). */
  async listRuns(storeId: string, limit: number): Promise<SyncRunEntity[]> {
    const live = [...this.active.values()].map((run) => run.runId);
    await this.runs.failStale(this.options.staleSeconds, live);
    return this.runs.list(storeId, limit);
  }

  /** Resolves when this instance has no download of the store running (for tests and shutdown). */
  async whenIdle(storeId: string): Promise<void> {
    for (let run = this.active.get(storeId); run; run = this.active.get(storeId)) {
      await run.done;
    }
  }

  /**
   * `POST /stores/:id/sync`: starts a download now, or answers the run already going on (here or
   * on another instance).
   */
  async requestSync(storeId: string, trigger: SyncTrigger = 'manual'): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const local = this.active.get(storeId);
      if (local?.ended) {
        await local.done;
        continue;
      }
      if (local) {
        return local.runId;
      }
      const outcome = await this.tryStart(storeId, trigger);
      switch (outcome.kind) {
        case 'started':
          return outcome.runId;
        case 'gone':
          throw DomainError.notFound('Store');
        case 'skipped':
          throw new DomainError(ErrorCode.Conflict, `No download: ${outcome.reason}`);
        case 'busy': {
          const here = this.active.get(storeId);
          if (here && !here.ended) {
            return here.runId;
          }
          const live = await this.runs.findLive(storeId, this.options.liveSeconds);
          if (live) {
            return live.id;
          }
          // Another caller is between taking the lock and recording its run.
          if (attempt >= 50) {
            throw new DomainError(
              ErrorCode.Conflict,
              'A download of this store is starting; try again in a moment',
            );
          }
          await sleep(100);
        }
      }
    }
  }

  /**
   * A hint that the store has new orders (webhook): download now, or right after the running
   * download, which may already have passed the new order. Never throws.
   */
  async wake(storeId: string, trigger: SyncTrigger = 'webhook'): Promise<void> {
    try {
      if (this.stopping) {
        // Not lost: whichever instance starts or ticks next downloads it.
        await this.stores.wake(storeId);
        return;
      }
      const local = this.active.get(storeId);
      if (local) {
        local.rerun = trigger;
        return;
      }
      const outcome = await this.tryStart(storeId, trigger);
      if (outcome.kind === 'busy' && !this.active.has(storeId)) {
        // Running on another instance: ask whoever ticks next, and try again here shortly.
        await this.stores.wake(storeId);
        this.retryWhenFree(storeId, trigger, BUSY_RETRIES);
      } else if (outcome.kind === 'busy') {
        const here = this.active.get(storeId);
        if (here) {
          here.rerun = trigger;
        }
      }
    } catch (error) {
      this.logger.warn(`download of store ${storeId} could not start: ${String(error)}`);
    }
  }

  /** The scheduler's tick: stale runs become interrupted, due stores start (within a limit). */
  async tick(): Promise<void> {
    if (!this.config.syncScheduler || this.stopping || this.ticking) {
      return;
    }
    this.ticking = true;
    try {
      const live = [...this.active.values()].map((run) => run.runId);
      await this.runs.failStale(this.options.staleSeconds, live);
      const free = this.options.maxConcurrentRuns - this.active.size;
      if (free <= 0) {
        return;
      }
      const due = await this.stores.dueStoreIds(free + this.active.size);
      let started = 0;
      for (const storeId of due) {
        if (started >= free || this.stopping) {
          break;
        }
        if (this.active.has(storeId) || this.locks.isHeldHere(storeId)) {
          continue;
        }
        if ((await this.tryStart(storeId, 'schedule')).kind === 'started') {
          started += 1;
        }
      }
    } catch (error) {
      this.logger.warn(`scheduler tick failed: ${String(error)}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Stops this instance's download of the store and waits for it to end. */
  async stopStore(storeId: string, reason: string): Promise<void> {
    const timer = this.busyRetries.get(storeId);
    if (timer) {
      clearTimeout(timer);
      this.busyRetries.delete(storeId);
    }
    const run = this.active.get(storeId);
    if (run) {
      run.rerun = null;
      run.controller.abort(new RunAborted(reason));
      await this.whenIdle(storeId);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // A start that began before `stopping` registers its run now, so it is stopped below too.
    await Promise.allSettled([...this.starting]);
    for (const timer of this.busyRetries.values()) {
      clearTimeout(timer);
    }
    this.busyRetries.clear();
    const runs = [...this.active.entries()];
    for (const [, run] of runs) {
      run.rerun = null;
      run.controller.abort(new RunAborted('interrupted (shutdown)'));
    }
    await Promise.all(runs.map(([, run]) => run.done));
    // What they left undone (and a download asked for meanwhile) is done by the next start,
    // whatever triggered them: the stores are due now.
    await Promise.all(
      runs.map(([storeId]) =>
        this.stores.wake(storeId).catch((error: unknown) => {
          this.logger.warn(`store ${storeId} could not be marked due: ${String(error)}`);
        }),
      ),
    );
  }

  private retryWhenFree(storeId: string, trigger: SyncTrigger, left: number): void {
    if (left <= 0 || this.stopping || this.busyRetries.has(storeId)) {
      return;
    }
    const timer = setTimeout(() => {
      this.busyRetries.delete(storeId);
      if (this.active.has(storeId)) {
        return;
      }
      this.tryStart(storeId, trigger).then(
        (outcome) => {
          if (outcome.kind === 'busy') {
            this.retryWhenFree(storeId, trigger, left - 1);
          }
        },
        (error: unknown) => this.logger.warn(`retry of store ${storeId} failed: ${String(error)}`),
      );
    }, BUSY_RETRY_MS);
    timer.unref();
    this.busyRetries.set(storeId, timer);
  }

  /** Takes the store's lock and starts a run in the background, or says why not. */
  private tryStart(storeId: string, trigger: SyncTrigger): Promise<StartOutcome> {
    const start = this.startRun(storeId, trigger);
    this.starting.add(start);
    void start.finally(() => this.starting.delete(start)).catch(() => undefined);
    return start;
  }

  private async startRun(storeId: string, trigger: SyncTrigger): Promise<StartOutcome> {
    if (this.stopping) {
      return { kind: 'skipped', reason: 'the service is shutting down' };
    }
    const lock = await this.locks.tryAcquire(storeId);
    if (!lock) {
      return { kind: 'busy' };
    }
    let handedOver = false;
    try {
      const store = await this.stores.findById(storeId);
      if (!store) {
        return { kind: 'gone' };
      }
      const skip = skipReason(store, trigger);
      if (skip !== undefined) {
        return { kind: 'skipped', reason: skip };
      }
      // We hold the lock, so any run still marked running belongs to a process that died.
      await this.runs.failInterrupted(storeId);
      const marker = await this.stores.pollMarker(storeId);
      const run = await this.runs.start(storeId, trigger);
      const controller = new AbortController();
      lock.lost.addEventListener('abort', () =>
        controller.abort(new RunAborted('lost the store lock (database connection dropped)')),
      );
      const entry: ActiveRun = {
        runId: run.id,
        controller,
        rerun: null,
        ended: false,
        done: Promise.resolve(),
      };
      this.active.set(storeId, entry);
      entry.done = this.execute(store, entry, marker, trigger).finally(async () => {
        await lock.release();
        this.active.delete(storeId);
        const rerun = entry.rerun;
        if (rerun !== null && !this.stopping) {
          void this.wake(storeId, rerun);
        }
      });
      handedOver = true;
      return { kind: 'started', runId: run.id };
    } finally {
      if (!handedOver) {
        await lock.release();
      }
    }
  }

  private async execute(
    store: StoreEntity,
    run: ActiveRun,
    marker: string | null,
    trigger: SyncTrigger,
  ): Promise<void> {
    const started = Date.now();
    const outcome = await this.runner.run(store, run.runId, run.controller);
    this.observe(store, trigger, outcome, (Date.now() - started) / 1000);
    try {
      await this.record(store, run.runId, outcome, marker);
    } catch (error) {
      this.logger.error(`recording the end of run ${run.runId} failed: ${String(error)}`);
    } finally {
      run.ended = true;
    }
  }

  private observe(
    store: StoreEntity,
    trigger: SyncTrigger,
    outcome: RunOutcome,
    seconds: number,
  ): void {
    this.metrics.runs.inc({ trigger, status: outcome.status });
    this.metrics.duration.observe({ strategy: store.download.strategy }, seconds);
    const { seen, created, updated, acknowledged, failed } = outcome.counts;
    for (const [name, count] of [
      ['seen', seen],
      ['created', created],
      ['updated', updated],
      ['acknowledged', acknowledged],
      ['unmappable', failed],
    ] as const) {
      if (count > 0) {
        this.metrics.orders.inc({ outcome: name }, count);
      }
    }
  }

  private async record(
    store: StoreEntity,
    runId: string,
    outcome: RunOutcome,
    marker: string | null,
  ): Promise<void> {
    await this.runs.finish(runId, outcome.status, outcome.counts, outcome.error);
    await this.aftermath.apply(store, outcome);
    const next = nextPollAfterRun(outcome);
    if (next === 'leave') {
      return;
    }
    const interval = store.download.pollIntervalSeconds;
    const seconds =
      next === 'backoff'
        ? retryDelaySeconds(
            interval,
            this.options.retryBaseSeconds,
            await this.runs.consecutiveFailures(store.id),
          )
        : interval;
    await this.stores.scheduleNextPoll(store.id, marker, seconds);
  }
}
