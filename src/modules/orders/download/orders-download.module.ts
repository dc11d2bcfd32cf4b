import { DynamicModule, Module } from '@nestjs/common';
import { AlertsModule } from '../../alerts/alerts.module';
import { ExceptionsModule } from '../../exceptions/exceptions.module';
import { MivaModule } from '../../miva/miva.module';
import { StoresModule } from '../../stores/stores.module';
import { OrdersModule } from '../orders.module';
import { ReconcileController } from '../reconcile/reconcile.controller';
import { ReconcileRunner } from '../reconcile/reconcile.runner';
import { ReconcileScheduler } from '../reconcile/reconcile.scheduler';
import { ReconcileService } from '../reconcile/reconcile.service';
import { StoredVersionsRepository } from '../reconcile/stored-versions.repository';
import { DownloadMetrics } from './download-metrics';
import { DownloadOptions, DownloadTuning } from './download-options';
import { OrderRefetchController } from './order-refetch.controller';
import { OrderRefetchService } from './order-refetch.service';
import { OrdersScheduler } from './orders-scheduler';
import { OrdersSyncController } from './orders-sync.controller';
import { OrdersSyncService } from './orders-sync.service';
import { RunAftermath } from './run-aftermath';
import { StoreDownloadRunner } from './store-download.runner';
import { StoreLocksRepository } from './store-locks.repository';
import { SyncRunsRepository } from './sync-runs.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * The order download engine: strategies, runs, scheduling, webhooks. Its tuning is given once
 * when the app is created (AppModule.forRoot) and read-only after.
 */
@Module({})
export class OrdersDownloadModule {
  static forRoot(tuning: DownloadTuning = {}): DynamicModule {
    return {
      module: OrdersDownloadModule,
      imports: [OrdersModule, StoresModule, MivaModule, ExceptionsModule, AlertsModule],
      controllers: [
        OrdersSyncController,
        WebhooksController,
        OrderRefetchController,
        ReconcileController,
      ],
      providers: [
        { provide: DownloadOptions, useValue: new DownloadOptions(tuning) },
        DownloadMetrics,
        SyncRunsRepository,
        StoreLocksRepository,
        StoreDownloadRunner,
        OrdersSyncService,
        OrdersScheduler,
        WebhooksService,
        OrderRefetchService,
        RunAftermath,
        // Reconciliation (src/modules/orders/reconcile): runs of the same engine.
        StoredVersionsRepository,
        ReconcileRunner,
        ReconcileService,
        ReconcileScheduler,
      ],
      // SyncRunsRepository and DownloadOptions: remap runs are sync runs too (MappingsModule).
      exports: [OrdersSyncService, OrderRefetchService, SyncRunsRepository, DownloadOptions],
    };
  }
}
