import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { StoreEvents } from '../stores/store-events';
import { MivaRelayClients } from './miva-relay-clients';
import { RelayLoop } from './relay-loop';
import { DepthSource, RelayMetrics, RelayQueue } from './relay-metrics';
import { RelaySettings } from './relay-settings';

/** What every outbound worker is built with, injected as one. */
@Injectable()
export class RelayWorkerContext {
  constructor(
    readonly settings: RelaySettings,
    readonly metrics: RelayMetrics,
    readonly clients: MivaRelayClients,
    readonly storeEvents: StoreEvents,
  ) {}
}

/**
 * The lifecycle every outbound worker shares: a RelayLoop started at boot (unless the relay is
 * switched off), stopped at shutdown, woken after a commit that creates work and when a store
 * becomes active again. Subclasses say what one round does (`tick`) and how deep their queue is.
 */
export abstract class RelayWorker
  implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  protected readonly logger: Logger;
  protected readonly loop: RelayLoop;
  protected readonly settings: RelaySettings;
  protected readonly metrics: RelayMetrics;
  protected readonly clients: MivaRelayClients;
  private stopping: Promise<void> | undefined;

  protected constructor(queue: RelayQueue, context: RelayWorkerContext, depth: DepthSource) {
    this.settings = context.settings;
    this.metrics = context.metrics;
    this.clients = context.clients;
    this.logger = new Logger(new.target.name);
    this.loop = new RelayLoop(queue, (signal, cutoff) => this.tick(signal, cutoff), {
      pollMs: () => this.settings.pollMs,
      idlePollMaxMs: () => this.settings.idlePollMaxMs,
      logger: this.logger,
    });
    this.metrics.registerDepth(queue, depth);
    // A store active again: the work it held goes now, not at the next idle poll.
    context.storeEvents.onActivated(() => this.loop.wake());
  }

  /**
   * One round of work. True when there may be more right away. `signal`: stop at the next safe
   * point (shutdown); `cutoff`: cut the Miva calls still in flight (the shutdown's grace is over).
   */
  abstract tick(signal: AbortSignal, cutoff: AbortSignal): Promise<boolean>;

  onApplicationBootstrap(): void {
    if (this.settings.enabled) {
      this.loop.start();
    }
  }

  /**
   * Shutdown: every worker is told to stop here without waiting (Nest calls this module by module,
   * and a worker may be waiting for Miva), and each is awaited in beforeApplicationShutdown.
   */
  onModuleDestroy(): void {
    this.stopping = this.loop.stop(this.settings.shutdownGraceMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopping;
  }

  /** Starts the worker (when switched off at boot, e.g. by a test). */
  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  wake(): void {
    this.loop.wake();
  }

  /**
   * Wakes the worker and resolves once a round that began after this call has finished: all
   * work committed before it has been looked at (sent, or held).
   */
  async nextRound(): Promise<void> {
    const done = this.loop.nextRound();
    this.loop.wake();
    await done;
  }
}
