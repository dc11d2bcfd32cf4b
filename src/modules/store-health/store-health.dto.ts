import { ApiProperty } from '@nestjs/swagger';
import { HEALTH_STATES, HealthState } from './store-health-rules';

export class StoreHealthRunDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'schedule' })
  trigger!: string;

  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] })
  status!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T09:00:00.000Z' })
  finishedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
}

export class StoreHealthOrdersDto {
  @ApiProperty({ example: 1200, description: 'Orders stored for the store' })
  stored!: number;

  @ApiProperty({
    example: 14,
    description: 'Orders handed to the OMS whose current revision it has not acknowledged',
  })
  unacknowledged!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-22T08:00:00.000Z',
    description: 'When the oldest of those last changed',
  })
  oldestUnacknowledgedAt!: string | null;
}

export class RelayCountsDto {
  @ApiProperty({ example: 0, description: 'Waiting to reach Miva (being retried, or held)' })
  pending!: number;

  @ApiProperty({ example: 0, description: 'Parked: Miva refused them (see the exceptions)' })
  failed!: number;

  @ApiProperty({ type: String, nullable: true, description: 'When the oldest pending one came in' })
  oldestPendingAt!: string | null;
}

export class StoreHealthRelayDto {
  @ApiProperty({ type: RelayCountsDto })
  shipments!: RelayCountsDto;

  @ApiProperty({ type: RelayCountsDto })
  cancellations!: RelayCountsDto;

  @ApiProperty({ type: RelayCountsDto })
  backorders!: RelayCountsDto;

  @ApiProperty({ type: RelayCountsDto, description: 'Inventory events' })
  inventory!: RelayCountsDto;
}

export class StoreHealthDto {
  @ApiProperty({
    enum: HEALTH_STATES,
    description:
      'failing: unauthorized, 3+ failed runs in a row, or no successful run for 3 poll intervals ' +
      '(at least 1 h) while enabled; warning: open exceptions or relay work pending > 10 min',
  })
  state!: HealthState;

  @ApiProperty({ type: [String], description: 'Why, in words (empty when ok)' })
  reasons!: string[];

  @ApiProperty({ enum: ['active', 'unauthorized', 'disabled'] })
  status!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T09:00:00.000Z' })
  lastSuccessfulSyncAt!: string | null;

  @ApiProperty({ type: StoreHealthRunDto, nullable: true, description: 'The latest download run' })
  lastRun!: StoreHealthRunDto | null;

  @ApiProperty({ example: 0, description: 'Download runs failed since the last successful one' })
  consecutiveFailedRuns!: number;

  @ApiProperty({ type: StoreHealthOrdersDto })
  orders!: StoreHealthOrdersDto;

  @ApiProperty({ type: StoreHealthRelayDto })
  relay!: StoreHealthRelayDto;

  @ApiProperty({ example: 2 })
  openExceptions!: number;
}
