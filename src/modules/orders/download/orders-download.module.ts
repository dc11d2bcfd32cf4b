import { Module } from '@nestjs/common';
import { MivaModule } from '../../miva/miva.module';
import { StoresModule } from '../../stores/stores.module';
import { OrdersModule } from '../orders.module';
import { DownloadMetrics } from './download-metrics';
import { DownloadOptions } from './download-options';
import { OrdersScheduler } from './orders-scheduler';
import { OrdersSyncController } from './orders-sync.controller';
import { OrdersSyncService } from './orders-sync.service';
import { StoreDownloadRunner } from './store-download.runner';
import { StoreLocksRepository } from './store-locks.repository';
import { SyncRunsRepository } from './sync-runs.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** The order download engine: strategies, runs, scheduling, webhooks. */
@Module({
  imports: [OrdersModule, StoresModule, MivaModule],
  controllers: [OrdersSyncController, WebhooksController],
  providers: [
    DownloadOptions,
    DownloadMetrics,
    SyncRunsRepository,
    StoreLocksRepository,
    StoreDownloadRunner,
    OrdersSyncService,
    OrdersScheduler,
    WebhooksService,
  ],
  exports: [OrdersSyncService, DownloadOptions],
})
export class OrdersDownloadModule {}
