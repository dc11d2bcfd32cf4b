import { Injectable, Logger } from '@nestjs/common';
import { MivaClientFactory } from '../../miva/miva-client.factory';
import { isCredentialRefusal } from '../../miva/miva-errors';
import type { StoreEntity } from '../../stores/store.entity';
import { StoreMivaClients } from '../../stores/store-miva-clients';
import type { MivaOrder } from '../../../miva-model/miva.models';
import {
  IngestResult,
  IngestSettings,
  ingestSettingsOf,
  OrderIngestService,
} from '../order-ingest.service';
import { DownloadOptions } from '../download/download-options';
import { RunOutcome, runErrorOf } from '../download/store-download.runner';
import { SyncRunsRepository } from '../download/sync-runs.repository';
import { ReconcileJob } from './reconcile-job';
import type { ReconcilePlan } from './reconcile-plan';
import { StoredVersionsRepository } from './stored-versions.repository';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Executes one reconciliation of one store (ReconcileJob) with its own Miva client sized to the
 * run's concurrency (on the origin's shared connection pool), committing through the download's
 * ingest, and turns the ending into an outcome. Never throws.
 */
@Injectable()
export class ReconcileRunner {
  private readonly logger = new Logger('OrdersReconcile');

  constructor(
    private readonly factory: MivaClientFactory,
    private readonly clients: StoreMivaClients,
    private readonly ingest: OrderIngestService,
    private readonly versions: StoredVersionsRepository,
    private readonly runs: SyncRunsRepository,
    private readonly options: DownloadOptions,
  ) {}

  async run(
    store: StoreEntity,
    runId: string,
    plan: ReconcilePlan,
    signal: AbortSignal,
  ): Promise<RunOutcome> {
    const started = Date.now();
    let job: ReconcileJob | undefined;
    // The store's shared client paces every path together (4 requests in flight by default); a
    // reconciliation asks for its own number, so it gets a client (and limiter) of its own.
    let api: ReturnType<MivaClientFactory['create']> | undefined;
    try {
      const credentials = this.clients.credentials(store);
      api = this.factory.create(this.clients.connectionOf(store, credentials), {
        concurrency: plan.concurrency,
      });
      const settings = ingestSettingsOf(store);
      job = new ReconcileJob(plan, {
        api,
        passphrase: credentials.paymentPassphrase ?? undefined,
        listPageSize: this.options.reconcileListPageSize,
        downloadPageSize: this.options.pageSize,
        signal,
        stored: (ids) => this.versions.of(store.id, ids),
        commit: (orders) => this.commit(settings, orders, signal),
        progress: (counts) => this.runs.progress(runId, counts),
      });
      const counts = await job.run();
      this.logger.log(
        `store ${store.id} reconcile (${plan.refetch}, concurrency ${plan.concurrency}): ${counts.seen} in the window, ${counts.created} created, ${counts.updated} updated, ${counts.failed} unmappable in ${Date.now() - started} ms`,
      );
      return { status: 'succeeded', counts, error: null, unauthorized: false, aborted: false };
    } catch (error) {
      const aborted = signal.aborted;
      const message = runErrorOf(error, signal);
      this.logger.warn(`store ${store.id} reconcile failed: ${message}`);
      return {
        status: 'failed',
        counts: job?.counts ?? { seen: 0, created: 0, updated: 0, acknowledged: 0, failed: 0 },
        error: message,
        unauthorized: !aborted && isCredentialRefusal(error),
        aborted,
      };
    } finally {
      await api?.client.close().catch(() => undefined);
    }
  }

  /** One chunk through the ingest; a database hiccup is retried with the orders in memory. */
  private async commit(
    settings: IngestSettings,
    orders: MivaOrder[],
    signal: AbortSignal,
  ): Promise<IngestResult> {
    const page = this.ingest.prepare(settings, orders);
    for (let attempt = 1; ; attempt++) {
      try {
        // Beside the store's download: never over a newer version it committed meanwhile.
        return await this.ingest.write(settings, page, { keepNewer: true });
      } catch (error) {
        if (attempt >= this.options.commitAttempts || signal.aborted) {
          throw error;
        }
        this.logger.warn(`commit attempt ${attempt} failed, retrying: ${String(error)}`);
        await sleep(500 * attempt);
      }
    }
  }
}
