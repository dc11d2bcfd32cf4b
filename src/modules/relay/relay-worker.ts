import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RelayLoop } from './relay-loop';
import { DepthSource, RelayMetrics, RelayQueue } from './relay-metrics';
import { RelaySettings } from './relay-settings';

/**
 * The lifecycle every outbound worker shares: a RelayLoop started at boot (unless the relay is
 * switched off), stopped at shutdown, woken after a commit that creates work. Subclasses say
 * what one round does (`tick`) and how deep their queue is.
 */
export abstract class RelayWorker implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger: Logger;
  protected readonly loop: RelayLoop;

  protected constructor(
    queue: RelayQueue,
    protected readonly settings: RelaySettings,
    protected readonly metrics: RelayMetrics,
    depth: DepthSource,
  ) {
    this.logger = new Logger(new.target.name);
    this.loop = new RelayLoop(queue, (signal) => this.tick(signal), {
      pollMs: () => this.settings.pollMs,
      idlePollMaxMs: () => this.settings.idlePollMaxMs,
      logger: this.logger,
    });
    metrics.registerDepth(queue, depth);
  }

  /** One round of work. True when there may be more right away. */
  abstract tick(signal: AbortSignal): Promise<boolean>;

  onApplicationBootstrap(): void {
    if (this.settings.enabled) {
      this.loop.start();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
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
}
