import { Module } from '@nestjs/common';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { RelayModule } from '../relay/relay.module';
import { OrderChangeRelayService } from './order-change-relay.service';
import { OrderChangesController } from './order-changes.controller';
import { OrderChangesRepository } from './order-changes.repository';
import { OrderChangesService } from './order-changes.service';

/** OMS cancellations and backorders (docs/REST.md) and their delivery to Miva. */
@Module({
  imports: [RelayModule, ExceptionsModule],
  controllers: [OrderChangesController],
  providers: [OrderChangesRepository, OrderChangesService, OrderChangeRelayService],
  exports: [OrderChangesRepository, OrderChangeRelayService],
})
export class OrderChangesModule {}
