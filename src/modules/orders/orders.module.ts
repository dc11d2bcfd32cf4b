import { Module } from '@nestjs/common';
import { OrderIngestService } from './order-ingest.service';
import { OrdersWriteRepository } from './orders-write.repository';

/** Orders: download (ingest of Miva orders) and the OMS feed. */
@Module({
  providers: [OrdersWriteRepository, OrderIngestService],
  exports: [OrderIngestService, OrdersWriteRepository],
})
export class OrdersModule {}
