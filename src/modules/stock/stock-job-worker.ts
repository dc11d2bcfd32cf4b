import {
  BeforeApplicationShutdown,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { errorMessage } from '../relay/relay-backoff';
import { RelayLoop } from '../relay/relay-loop';
import type { RelaySettings } from '../relay/relay-settings';
import type { StoreEvents } from '../stores/store-events';
import type { LeasedJob, StockJobStatements } from './stock-job-statements';

/** How often a job waiting on the database (the relay's progress) looks again. */
export const WAIT_POLL_MS = 100;

export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Runs true-ups or listing syncs in the background: a loop claims the head job of each store
 * (one at a time per store, see StockJobStatements) and runs it to its end while a heartbeat
 * renews its lease. A job stopped by shutdown lets its lease go at once, so the next start (or
 * another instance) resumes it from its recorded phase; a job of a dead process is taken over
 * when its lease runs out. A job whose lease was lost stops at its next step (its writes are
 * fenced by the lease token, so it changes nothing meanwhile).
 */
export abstract class StockJobWorker<J extends LeasedJob>
  implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  protected readonly logger: Logger;
  private readonly loop: RelayLoop;
  private readonly running = new Map<string, Promise<void>>();
  private stopJobs = new AbortController();
  private cutJobs = new AbortController();
  private stopping: Promise<void> | undefined;

  protected constructor(
    name: string,
    protected readonly settings: RelaySettings,
    storeEvents: StoreEvents,
    private readonly jobs: StockJobStatements,
  ) {
    this.logger = new Logger(name);
    this.loop = new RelayLoop(name, (signal) => this.tick(signal), {
      pollMs: () => this.settings.pollMs,
      idlePollMaxMs: () => this.settings.idlePollMaxMs,
      logger: this.logger,
    });
    // A store active again: its held jobs go now.
    storeEvents.onActivated(() => this.loop.wake());
  }

  /** Leases up to `limit` jobs. */
  protected abstract claim(limit: number, leaseMs: number): Promise<J[]>;

  /**
   * Runs the job from its recorded phase to its end. `signal`: stop at the next safe point
   * (shutdown or lost lease: return without finishing); `cutoff`: cut Miva calls in flight.
   */
  protected abstract run(job: J, signal: AbortSignal, cutoff: AbortSignal): Promise<void>;

  onApplicationBootstrap(): void {
    if (this.settings.enabled) {
      this.start();
    }
  }

  onModuleDestroy(): void {
    this.stopping = this.stop(this.settings.shutdownGraceMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopping;
  }

  start(): void {
    this.stopJobs = new AbortController();
    this.cutJobs = new AbortController();
    this.loop.start();
  }

  /** Stops claiming, tells running jobs to stop, cuts their Miva calls after `graceMs`. */
  async stop(graceMs = Infinity): Promise<void> {
    const cut = this.cutJobs;
    const timer = Number.isFinite(graceMs) ? setTimeout(() => cut.abort(), graceMs) : undefined;
    this.stopJobs.abort();
    try {
      await this.loop.stop(graceMs);
      await Promise.all(this.running.values());
    } finally {
      clearTimeout(timer);
    }
  }

  /** Looks for work now (a job was just recorded). */
  wake(): void {
    this.loop.wake();
  }

  /** Lets the job go for `delayMs` (a failure counted when given). */
  protected async release(job: J, delayMs: number, failure: string | null): Promise<void> {
    if (await this.jobs.release(job, delayMs, failure)) {
      this.loop.wakeIn(delayMs);
    }
  }

  private async tick(signal: AbortSignal): Promise<boolean> {
    const free = this.settings.inventoryConcurrency - this.running.size;
    if (free <= 0 || signal.aborted) {
      return false;
    }
    for (const job of await this.claim(free, this.settings.leaseMs)) {
      const done = this.runLeased(job).finally(() => {
        this.running.delete(job.id);
        this.loop.wake();
      });
      this.running.set(job.id, done);
    }
    return false;
  }

  private async runLeased(job: J): Promise<void> {
    const lost = new AbortController();
    const signal = AbortSignal.any([this.stopJobs.signal, lost.signal]);
    const cutoff = AbortSignal.any([this.cutJobs.signal, lost.signal]);
    const heartbeat = setInterval(
      () => {
        this.jobs.renew(job, this.settings.leaseMs).then(
          (held) => {
            if (!held) {
              lost.abort();
            }
          },
          (error: unknown) =>
            this.logger.warn(`job ${job.id}: lease renewal failed: ${errorMessage(error)}`),
        );
      },
      Math.max(50, Math.floor(this.settings.leaseMs / 3)),
    );
    try {
      await this.run(job, signal, cutoff);
      if (signal.aborted && !lost.signal.aborted) {
        // Shutdown: hand the job back for the next start (or another instance) at once.
        await this.jobs.release(job, 0, null);
      }
    } catch (error) {
      // A database fault mid-way: the job keeps its recorded phase and is resumed after a pause.
      this.logger.error(
        `job ${job.id} of store ${job.storeId} interrupted: ${errorMessage(error)}`,
      );
      await this.jobs.release(job, this.settings.retryBaseMs, null).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  }
}
