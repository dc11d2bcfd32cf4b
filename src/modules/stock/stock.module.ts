import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { OrdersModule } from '../orders/orders.module';
import { RelayModule } from '../relay/relay.module';
import { ListingSyncRunnerService } from './listing-sync-runner.service';
import { ListingSyncsController } from './listing-syncs.controller';
import { ListingSyncsRepository } from './listing-syncs.repository';
import { ListingSyncsService } from './listing-syncs.service';
import { TrueUpRunnerService } from './true-up-runner.service';
import { TrueUpsController } from './true-ups.controller';
import { TrueUpsRepository } from './true-ups.repository';
import { TrueUpsService } from './true-ups.service';

/**
 * Absolute stock and listings (docs/REST.md, "Stock true-ups" and "Listing syncs"): true-ups
 * that move Miva by difference through the inventory relay, and listing syncs of price and
 * active flag; both run in the background, one at a time per store.
 */
@Module({
  imports: [RelayModule, InventoryModule, OrdersModule],
  controllers: [TrueUpsController, ListingSyncsController],
  providers: [
    TrueUpsRepository,
    ListingSyncsRepository,
    TrueUpsService,
    ListingSyncsService,
    TrueUpRunnerService,
    ListingSyncRunnerService,
  ],
})
export class StockModule {}
