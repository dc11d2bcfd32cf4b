import { Module } from '@nestjs/common';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { RelayModule } from '../relay/relay.module';
import { InventoryBatchesRepository } from './inventory-batches.repository';
import { InventoryController } from './inventory.controller';
import { InventoryEventsRepository } from './inventory-events.repository';
import { InventoryRelayService } from './inventory-relay.service';
import { InventoryRelayStateRepository } from './inventory-relay-state.repository';
import { InventoryService } from './inventory.service';

const REPOSITORIES = [
  InventoryEventsRepository,
  InventoryBatchesRepository,
  InventoryRelayStateRepository,
];

/** OMS inventory deltas (docs/REST.md §7) and their delivery to Miva. */
@Module({
  imports: [RelayModule, ExceptionsModule],
  controllers: [InventoryController],
  providers: [...REPOSITORIES, InventoryService, InventoryRelayService],
  exports: [...REPOSITORIES, InventoryRelayService],
})
export class InventoryModule {}
