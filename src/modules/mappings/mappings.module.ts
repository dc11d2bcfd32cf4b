import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { MappingsController } from './mappings.controller';
import { MappingsRepository } from './mappings.repository';
import { MappingsService } from './mappings.service';

@Module({
  imports: [OrdersModule],
  controllers: [MappingsController],
  providers: [MappingsRepository, MappingsService],
})
export class MappingsModule {}
