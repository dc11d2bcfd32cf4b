import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ExceptionsController } from './exceptions.controller';
import { ExceptionsRepository } from './exceptions.repository';
import { ExceptionsService } from './exceptions.service';

/**
 * The exception queue (docs/REST.md, "Exceptions"): depends on nothing but the database and the
 * alerts (exceptions newly opened are an alert).
 */
@Module({
  imports: [AlertsModule],
  controllers: [ExceptionsController],
  providers: [ExceptionsRepository, ExceptionsService],
  exports: [ExceptionsService],
})
export class ExceptionsModule {}
