import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { SyncRunEntity, SyncRunStatus, SyncTrigger } from '../sync-run.entity';

const TRIGGERS: SyncTrigger[] = ['schedule', 'manual', 'webhook', 'remap', 'reconcile'];
const STATUSES: SyncRunStatus[] = ['running', 'succeeded', 'failed'];

export class SyncStartedDto {
  @ApiProperty({ format: 'uuid', description: 'The run started, or the one already running' })
  runId!: string;
}

export class SyncRunsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class SyncRunDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: TRIGGERS })
  trigger!: SyncTrigger;

  @ApiProperty({ example: '2026-11-22T09:00:00.000Z' })
  startedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ enum: STATUSES })
  status!: SyncRunStatus;

  @ApiProperty({
    description:
      'Orders read from Miva (a remap: stored orders mapped again; a reconcile: Miva orders in the window)',
  })
  ordersSeen!: number;

  @ApiProperty()
  ordersCreated!: number;

  @ApiProperty({ description: 'Orders whose mapped content changed (a new revision)' })
  ordersUpdated!: number;

  @ApiProperty({ description: 'Orders acknowledged to Miva (queue_ack only)' })
  ordersAcknowledged!: number;

  @ApiProperty({
    description: 'Orders stored raw but not mappable (kept, and retried by a remap)',
  })
  ordersFailed!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the run failed ("interrupted" when its process died)',
  })
  error!: string | null;
}

export function toSyncRunDto(run: SyncRunEntity): SyncRunDto {
  return {
    id: run.id,
    trigger: run.trigger,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
    status: run.status,
    ordersSeen: run.ordersSeen,
    ordersCreated: run.ordersCreated,
    ordersUpdated: run.ordersUpdated,
    ordersAcknowledged: run.ordersAcknowledged,
    ordersFailed: run.ordersFailed,
    error: run.error,
  };
}
