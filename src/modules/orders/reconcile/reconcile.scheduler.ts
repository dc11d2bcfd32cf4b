import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { ReconcileService } from './reconcile.service';

/** When: a short tick. What (which stores are due, claimed once): ReconcileService. */
@Injectable()
export class ReconcileScheduler {
  constructor(private readonly reconcile: ReconcileService) {}

  @Interval('orders-reconcile-tick', 5000)
  tick(): Promise<void> {
    return this.reconcile.tick();
  }
}
