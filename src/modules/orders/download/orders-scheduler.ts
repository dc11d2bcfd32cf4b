import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { OrdersSyncService } from './orders-sync.service';

/** When: a short tick. What (which stores, how): OrdersSyncService. Off with SYNC_SCHEDULER=off. */
@Injectable()
export class OrdersScheduler {
  constructor(private readonly sync: OrdersSyncService) {}

  @Interval('orders-download-tick', 1000)
  tick(): Promise<void> {
    return this.sync.tick();
  }
}
