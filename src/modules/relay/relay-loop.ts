import { Logger } from '@nestjs/common';

export interface RelayLoopOptions {
  /** Fallback poll: picks up other instances' work, retries coming due and restarts. */
  pollMs: () => number;
  logger: Logger;
}

/**
 * A background worker loop: runs `tick` until it reports no more work, then sleeps until woken
 * (in-process, right after a commit that created work) or until the poll interval passes.
 * `stop()` aborts the signal given to `tick` and waits for the running tick to finish.
 */
export class RelayLoop {
  private running = false;
  private wakeRequested = false;
  private wakeUp: (() => void) | undefined;
  private controller = new AbortController();
  private done: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly tick: (signal: AbortSignal) => Promise<boolean>,
    private readonly options: RelayLoopOptions,
  ) {}

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.controller = new AbortController();
    this.done = this.run();
  }

  /** Runs the next tick now (or right after the current one). */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    if (!this.running) {
      return;
    }
    this.running = false;
    this.controller.abort();
    this.wakeUp?.();
    await this.done;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.wakeRequested = false;
      let more = false;
      try {
        more = await this.tick(this.controller.signal);
        failures = 0;
      } catch (error) {
        if (!this.running) {
          break;
        }
        failures += 1;
        // A database hiccup must not spin: back off like the poll, longer when it persists.
        this.options.logger.error(
          `${this.name} relay tick failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (!this.running) {
        break;
      }
      if (more && failures === 0) {
        continue;
      }
      await this.sleep(failures === 0 ? this.options.pollMs() : Math.min(30_000, 1000 * failures));
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakeRequested) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeUp = finish;
    });
  }
}
