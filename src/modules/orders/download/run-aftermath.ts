import { Injectable } from '@nestjs/common';
import { AlertsService } from '../../alerts/alerts.service';
import { storeProblemsAfterRun } from '../../exceptions/exception-rules';
import { ExceptionsService } from '../../exceptions/exceptions.service';
import type { StoreEntity } from '../../stores/store.entity';
import { StoreEvents } from '../../stores/store-events';
import { StoresRepository } from '../../stores/stores.repository';
import type { RunOutcome } from './store-download.runner';
import { statusAfterRun } from './sync-decisions';
import { SyncRunsRepository } from './sync-runs.repository';

/**
 * What a finished run that talked to Miva (a download or a reconciliation) changes on its store:
 * credentials Miva refused pause it as unauthorized, a success with them makes it active again,
 * and its store exceptions follow (UNAUTHORIZED; SYNC_FAILING after 3 failed runs in a row; both
 * resolved by a success).
 */
@Injectable()
export class RunAftermath {
  constructor(
    private readonly stores: StoresRepository,
    private readonly runs: SyncRunsRepository,
    private readonly events: StoreEvents,
    private readonly exceptions: ExceptionsService,
    private readonly alerts: AlertsService,
  ) {}

  async apply(store: StoreEntity, outcome: RunOutcome): Promise<void> {
    const status = statusAfterRun(store, outcome);
    switch (status.kind) {
      case 'unauthorized':
        await this.stores.markUnauthorized(store.id, store.credentialsEnc, status.message);
        break;
      case 'authorized':
        await this.stores.markAuthorized(store.id, store.credentialsEnc);
        this.events.emitActivated(store.id);
        break;
      case 'unchanged':
        break;
    }
    await this.recordExceptions(store.id, outcome);
    // The store's health may have turned (failing or back): the alerts look, in the background.
    this.alerts.storeChanged(store.id);
  }

  /** The store's exceptions after a run (see storeProblemsAfterRun). */
  private async recordExceptions(storeId: string, outcome: RunOutcome): Promise<void> {
    const failedInARow =
      outcome.status === 'failed' && !outcome.aborted
        ? await this.runs.consecutiveFailures(storeId)
        : 0;
    const { problems, resolve } = storeProblemsAfterRun(outcome, failedInARow);
    const subject = { storeId, type: 'store' as const, id: storeId };
    if (resolve) {
      await this.exceptions.resolveSubject(subject);
    }
    for (const problem of problems) {
      await this.exceptions.open(subject, problem.code, problem.message);
    }
  }
}
