import { Module } from '@nestjs/common';
import { PreparedQueries } from '../../database/prepared-queries';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { OrderIngestService } from './order-ingest.service';
import { OrdersFeedController } from './orders-feed.controller';
import { OrdersFeedService } from './orders-feed.service';
import { OrdersReadRepository } from './orders-read.repository';
import { OrdersWriteRepository } from './orders-write.repository';
import { RawOrderController } from './raw-order.controller';
import { RawOrderRepository } from './raw-order.repository';
import { RawOrderService } from './raw-order.service';

/** Orders: download (ingest of Miva orders) and the OMS feed. */
@Module({
  imports: [ExceptionsModule],
  controllers: [OrdersFeedController, RawOrderController],
  providers: [
    PreparedQueries,
    OrdersWriteRepository,
    OrderIngestService,
    OrdersReadRepository,
    OrdersFeedService,
    RawOrderRepository,
    RawOrderService,
  ],
  exports: [OrderIngestService, OrdersWriteRepository, OrdersReadRepository, OrdersFeedService],
})
export class OrdersModule {}
