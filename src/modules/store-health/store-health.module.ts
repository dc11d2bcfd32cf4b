import { Module } from '@nestjs/common';
import { StoreHealthController } from './store-health.controller';
import { StoreHealthRepository } from './store-health.repository';
import { StoreHealthService } from './store-health.service';

/**
 * Store health (docs/OPERATIONS.md, "Store health"). Depends on nothing but the database, so the
 * alerts (and through them the modules whose work changes a store's health) can use it.
 */
@Module({
  controllers: [StoreHealthController],
  providers: [StoreHealthRepository, StoreHealthService],
  exports: [StoreHealthService],
})
export class StoreHealthModule {}
