import { DynamicModule, Module } from '@nestjs/common';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { InventoryModule } from '../inventory/inventory.module';
import { OrderChangesModule } from '../order-changes/order-changes.module';
import { ShipmentsModule } from '../shipments/shipments.module';
import { StoresModule } from '../stores/stores.module';
import { ExceptionRetryController } from './exception-retry.controller';
import { ExceptionRetryService } from './exception-retry.service';

/**
 * Support work across modules: retrying exceptions (it needs the download, shipments and
 * inventory, which themselves only open and resolve exceptions). Given the app's download module
 * (OrdersDownloadModule.forRoot), so both share one download engine.
 */
@Module({})
export class OperationsModule {
  static forRoot(downloads: DynamicModule): DynamicModule {
    return {
      module: OperationsModule,
      imports: [
        ExceptionsModule,
        downloads,
        ShipmentsModule,
        OrderChangesModule,
        InventoryModule,
        StoresModule,
      ],
      controllers: [ExceptionRetryController],
      providers: [ExceptionRetryService],
    };
  }
}
