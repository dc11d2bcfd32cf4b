import { Injectable } from '@nestjs/common';
import { PeriodicTick } from '../../../common/scheduling/periodic-tick';
import { OrdersSyncService } from './orders-sync.service';

/** When: a short tick. What (which stores, how): OrdersSyncService. Off with SYNC_SCHEDULER=off. */
@Injectable()
export class OrdersScheduler extends PeriodicTick {
  constructor(private readonly sync: OrdersSyncService) {
    super('orders-download-tick', 1000);
  }

  tick(): Promise<void> {
    return this.sync.tick();
  }
}
