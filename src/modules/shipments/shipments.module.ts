import { Module } from '@nestjs/common';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { RelayModule } from '../relay/relay.module';
import { ShipmentRelayService } from './shipment-relay.service';
import { ShipmentsController } from './shipments.controller';
import { ShipmentsListController } from './shipments-list.controller';
import { ShipmentsRepository } from './shipments.repository';
import { ShipmentsService } from './shipments.service';

/** OMS shipments (docs/REST.md §6) and their delivery to Miva. */
@Module({
  imports: [RelayModule, ExceptionsModule],
  controllers: [ShipmentsController, ShipmentsListController],
  providers: [ShipmentsRepository, ShipmentsService, ShipmentRelayService],
  exports: [ShipmentsRepository, ShipmentRelayService],
})
export class ShipmentsModule {}
