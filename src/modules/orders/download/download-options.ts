import { Injectable } from '@nestjs/common';

/**
 * Tuning of the download engine. One injectable instance with these defaults; tests may adjust
 * it on a running app (e.g. smaller pages) since none of it is configuration a user sets.
 */
@Injectable()
export class DownloadOptions {
  /** Orders per Miva request (and per commit). */
  pageSize = 250;
  /**
   * Pages not yet settled (committing, each in its own transaction, or being acknowledged) while
   * the next page is read: the database work and acknowledgements of consecutive pages overlap
   * the reads. Queues without acknowledgement always use 0.
   */
  commitsInFlight = 2;
  /** Scheduled downloads at once in one instance (each holds a connection while committing). */
  maxConcurrentRuns = 4;
  /** How often a running download refreshes its heartbeat. */
  heartbeatMs = 5_000;
  /** A `running` run whose heartbeat is older than this belongs to a dead process. */
  staleSeconds = 60;
  /** A run counts as live (POST /sync answers with it) while its heartbeat is this fresh. */
  liveSeconds = 30;
  /** Webhooks within this time of the first one cause one download. */
  webhookDebounceMs = 200;
  /** First retry delay after a failed run; doubles per consecutive failure, up to the interval. */
  retryBaseSeconds = 10;
  /** Commit attempts per page (database hiccups); the orders read are kept in memory meanwhile. */
  commitAttempts = 3;
}
