import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeyGuard } from './common/auth/api-key.guard';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { ApiValidationPipe } from './common/http/body-validation';
import { loggerOptions } from './common/logging/logger.options';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { ExceptionsModule } from './modules/exceptions/exceptions.module';
import { OperationsModule } from './modules/operations/operations.module';
import { HealthModule } from './modules/health/health.module';
import { InventoryModule } from './modules/inventory/inventory.module';
import { MappingsModule } from './modules/mappings/mappings.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { DownloadTuning } from './modules/orders/download/download-options';
import { OrdersDownloadModule } from './modules/orders/download/orders-download.module';
import { OrderChangesModule } from './modules/order-changes/order-changes.module';
import { OrdersModule } from './modules/orders/orders.module';
import { RelaySettingsModule } from './modules/relay/relay.module';
import { RelayTuning } from './modules/relay/relay-settings';
import { ShipmentsModule } from './modules/shipments/shipments.module';
import { StockModule } from './modules/stock/stock.module';
import { StoresModule } from './modules/stores/stores.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The server's URL, or the embedded PGlite's loopback URL. */
  databaseUrl: string;
  prettyLogs: boolean;
  /** The relay's tuning where it differs from the defaults (tests, benchmarks). */
  relay?: RelayTuning;
  /** The download engine's tuning where it differs from the defaults (tests, benchmarks). */
  download?: DownloadTuning;
}

@Module({})
export class AppModule {
  static forRoot({
    config,
    databaseUrl,
    prettyLogs,
    relay,
    download,
  }: AppModuleOptions): DynamicModule {
    const downloads = OrdersDownloadModule.forRoot(download);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config, prettyLogs)),
        DatabaseModule.forRoot(databaseUrl),
        MetricsModule,
        HealthModule,
        ApiKeysModule,
        RelaySettingsModule.forRoot(relay),
        StoresModule,
        OrdersModule,
        downloads,
        MappingsModule.forRoot(downloads),
        ShipmentsModule,
        OrderChangesModule,
        InventoryModule,
        StockModule,
        ExceptionsModule,
        OperationsModule.forRoot(downloads),
      ],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useValue: new ApiValidationPipe() },
      ],
    };
  }
}
