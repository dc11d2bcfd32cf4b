/** Values that replace the defaults, given when the app is created (AppModule.forRoot). */
export type DownloadTuning = Partial<DownloadOptions>;

/**
 * Tuning of the download engine. Defaults suit production; tests and benchmarks pass their own
 * values when they create the app (none of it is configuration a user sets). Read-only once
 * created.
 */
export class DownloadOptions {
  /** Orders per Miva request (and per commit). */
  readonly pageSize: number = 250;
  /**
   * Pages not yet settled (committing, each in its own transaction, or being acknowledged) while
   * the next page is read: the database work and acknowledgements of consecutive pages overlap
   * the reads. Queues without acknowledgement always use 0.
   */
  readonly commitsInFlight: number = 2;
  /** Scheduled downloads at once in one instance (each holds a connection while committing). */
  readonly maxConcurrentRuns: number = 4;
  /** How often a running download refreshes its heartbeat. */
  readonly heartbeatMs: number = 5_000;
  /** A `running` run whose heartbeat is older than this belongs to a dead process. */
  readonly staleSeconds: number = 60;
  /** A run counts as live (POST /sync answers with it) while its heartbeat is this fresh. */
  readonly liveSeconds: number = 30;
  /** First retry delay after a failed run; doubles per consecutive failure, up to the interval. */
  readonly retryBaseSeconds: number = 10;
  /** Commit attempts per page (database hiccups); the orders read are kept in memory meanwhile. */
  readonly commitAttempts: number = 3;
  /**
   * Orders per listing request of a reconciliation: base fields only (no on-demand column), about
   * 1.5 KB an order, so far more per request than full orders.
   */
  readonly reconcileListPageSize: number = 1000;

  constructor(tuning: DownloadTuning = {}) {
    Object.assign(this, tuning);
    Object.freeze(this);
  }
}
