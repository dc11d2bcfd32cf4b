import { Logger } from '@nestjs/common';

export interface RelayLoopOptions {
  /**
   * Fallback poll after a round that found work: picks up other instances' work, retries that
   * come due and jobs left by a crashed instance.
   */
  pollMs: () => number;
  /** While rounds keep finding nothing, the poll interval doubles up to this. */
  idlePollMaxMs: () => number;
  logger: Logger;
}

/**
 * A background worker loop: runs `tick` until it reports no more work, then sleeps until woken
 * (in-process, right after a commit that created work, or when a retry this instance scheduled
 * comes due) or until the poll interval passes. `stop()` aborts the signal given to `tick` (stop
 * at the next safe point), then after a grace period the cutoff (cut Miva calls still in flight),
 * and waits for the running tick to finish.
 */
export class RelayLoop {
  private running = false;
  private wakeRequested = false;
  private wakeUp: (() => void) | undefined;
  private controller = new AbortController();
  private cutoff = new AbortController();
  private done: Promise<void> | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private idleRounds = 0;
  private started = 0;
  private readonly roundWaiters: {
    after: number;
    resolve: () => void;
    reject: (e: Error) => void;
  }[] = [];

  constructor(
    private readonly name: string,
    private readonly tick: (signal: AbortSignal, cutoff: AbortSignal) => Promise<boolean>,
    private readonly options: RelayLoopOptions,
  ) {}

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.controller = new AbortController();
    this.cutoff = new AbortController();
    this.done = this.run();
  }

  /** Runs the next tick now (or right after the current one). */
  wake(): void {
    this.wakeRequested = true;
    this.idleRounds = 0;
    this.wakeUp?.();
  }

  /** Wakes the loop after `ms` (a retry this instance scheduled). */
  wakeIn(ms: number): void {
    if (!this.running) {
      return;
    }
    // A little after the due time, so the database's clock agrees the work is due.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.wake();
    }, ms + 25);
    timer.unref();
    this.timers.add(timer);
  }

  /**
   * Resolves once a round that began after this call has finished (with or without work); the
   * proof that everything committed before the call has been looked at. Rejects if the loop
   * stops first. Does not wake the loop.
   */
  nextRound(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.roundWaiters.push({ after: this.started, resolve, reject });
    });
  }

  /** Stops; a Miva call in flight may finish within `graceMs` (by default it is never cut). */
  async stop(graceMs = Infinity): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    if (!this.running) {
      return;
    }
    this.running = false;
    this.controller.abort();
    const cutoff = this.cutoff;
    const cut = Number.isFinite(graceMs) ? setTimeout(() => cutoff.abort(), graceMs) : undefined;
    this.wakeUp?.();
    try {
      await this.done;
    } finally {
      clearTimeout(cut);
    }
    for (const waiter of this.roundWaiters.splice(0)) {
      waiter.reject(new Error(`${this.name} relay loop stopped`));
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.wakeRequested = false;
      let more = false;
      const round = ++this.started;
      try {
        more = await this.tick(this.controller.signal, this.cutoff.signal);
        failures = 0;
      } catch (error) {
        if (!this.running) {
          break;
        }
        failures += 1;
        // A database hiccup must not spin: wait, longer while it persists.
        this.options.logger.error(
          `${this.name} relay tick failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      this.roundDone(round);
      if (!this.running) {
        break;
      }
      if (more && failures === 0) {
        this.idleRounds = 0;
        continue;
      }
      let delay: number;
      if (failures > 0) {
        delay = Math.min(30_000, 1000 * failures);
      } else {
        // Idle: poll less and less often (another instance's work or a crash is rare).
        delay = Math.min(
          this.options.idlePollMaxMs(),
          this.options.pollMs() * 2 ** Math.min(this.idleRounds, 10),
        );
        this.idleRounds += 1;
      }
      await this.sleep(delay);
    }
  }

  private roundDone(round: number): void {
    for (const waiter of this.roundWaiters.splice(0)) {
      if (waiter.after < round) {
        waiter.resolve();
      } else {
        this.roundWaiters.push(waiter);
      }
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
