import { Injectable } from '@nestjs/common';
import { PeriodicTick } from '../../../common/scheduling/periodic-tick';
import { ReconcileService } from './reconcile.service';

/** When: a short tick. What (which stores are due, claimed once): ReconcileService. */
@Injectable()
export class ReconcileScheduler extends PeriodicTick {
  constructor(private readonly reconcile: ReconcileService) {
    super('orders-reconcile-tick', 5000);
  }

  tick(): Promise<void> {
    return this.reconcile.tick();
  }
}
