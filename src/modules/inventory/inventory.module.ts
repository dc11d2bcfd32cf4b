import { Module } from '@nestjs/common';
import { RelayModule } from '../relay/relay.module';
import { InventoryController } from './inventory.controller';
import { InventoryRelayService } from './inventory-relay.service';
import { InventoryRepository } from './inventory.repository';
import { InventoryService } from './inventory.service';

/** OMS inventory deltas (docs/REST.md §7) and their delivery to Miva. */
@Module({
  imports: [RelayModule],
  controllers: [InventoryController],
  providers: [InventoryRepository, InventoryService, InventoryRelayService],
  exports: [InventoryRelayService],
})
export class InventoryModule {}
