import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { StoresModule } from '../stores/stores.module';
import { MappingsController } from './mappings.controller';
import { MappingsService } from './mappings.service';

@Module({
  imports: [OrdersModule, StoresModule],
  controllers: [MappingsController],
  providers: [MappingsService],
})
export class MappingsModule {}
