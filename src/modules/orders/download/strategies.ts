import type { DownloadStrategy } from '../../stores/store.entity';
import { downloadDateWindow } from './date-window.strategy';
import type { DownloadStrategyRun } from './download-strategy';
import { downloadByOrderNumber } from './order-number.strategy';
import { downloadQueue } from './queue.strategy';

/** The download of each strategy (docs/REST.md §4, `download.strategy`). */
export function strategyRun(strategy: DownloadStrategy): DownloadStrategyRun {
  switch (strategy) {
    case 'queue_ack':
      return (ctx) => downloadQueue(ctx, true);
    case 'queue':
      return (ctx) => downloadQueue(ctx, false);
    case 'date_range':
      return (ctx) => downloadDateWindow(ctx, 'orderdate');
    case 'last_updated':
      return (ctx) => downloadDateWindow(ctx, 'dt_updated');
    case 'order_number':
      return (ctx) => downloadByOrderNumber(ctx);
  }
}
