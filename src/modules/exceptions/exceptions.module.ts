import { Module } from '@nestjs/common';
import { ExceptionsController } from './exceptions.controller';
import { ExceptionsRepository } from './exceptions.repository';
import { ExceptionsService } from './exceptions.service';

/** The exception queue (docs/REST.md, "Exceptions"): depends on nothing but the database. */
@Module({
  controllers: [ExceptionsController],
  providers: [ExceptionsRepository, ExceptionsService],
  exports: [ExceptionsService],
})
export class ExceptionsModule {}
