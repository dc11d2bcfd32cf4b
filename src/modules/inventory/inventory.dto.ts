import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import type { InventoryEventStatus } from './inventory-event.entity';

const STATUSES: InventoryEventStatus[] = ['pending', 'sent', 'failed'];

export class InventoryAdjustmentInputDto {
  @ApiProperty({
    example: 'po-5512-line-3',
    maxLength: 200,
    description: 'Unique per store, forever: an id seen before is a duplicate, never applied',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  eventId!: string;

  @ApiProperty({
    example: 'TS-RED-M',
    description: "SKU or product code per the store's productIdentifier",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  identifier!: string;

  @ApiProperty({ example: 50, description: 'Non-zero change of the stock count' })
  @IsInt()
  @NotEquals(0, { message: 'delta must not be 0' })
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  delta!: number;
}

export class CreateInventoryAdjustmentsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  storeId!: string;

  @ApiProperty({ type: [InventoryAdjustmentInputDto], minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => InventoryAdjustmentInputDto)
  adjustments!: InventoryAdjustmentInputDto[];
}

export class RecordedInventoryEventDto {
  @ApiProperty({ example: 'TS-RED-M' })
  identifier!: string;

  @ApiProperty({ example: 50 })
  delta!: number;
}

export class InventoryEventConflictDto {
  @ApiProperty({ example: 'po-5512-line-3' })
  eventId!: string;

  @ApiProperty({ example: 'TS-RED-L', description: 'As sent in this request' })
  identifier!: string;

  @ApiProperty({ example: 40, description: 'As sent in this request' })
  delta!: number;

  @ApiProperty({
    type: RecordedInventoryEventDto,
    description: 'What the eventId was recorded with',
  })
  recorded!: RecordedInventoryEventDto;
}

export class InventoryAdjustmentsResultDto {
  @ApiProperty({ example: 1, description: 'New events, queued for Miva' })
  accepted!: number;

  @ApiProperty({
    example: 0,
    description:
      'Events whose eventId was seen before with the same identifier and delta (ignored)',
  })
  duplicates!: number;

  @ApiProperty({
    type: [InventoryEventConflictDto],
    description:
      'Events whose eventId was seen before with another identifier or delta: not applied; ' +
      'the eventId keeps what it was first recorded with',
  })
  conflicts!: InventoryEventConflictDto[];
}

export class ListInventoryAdjustmentsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: InventoryEventStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class InventoryEventDto {
  @ApiProperty({ example: '1042', description: 'Our sequence number (orders events)' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  storeId!: string;

  @ApiProperty({ example: 'po-5512-line-3' })
  eventId!: string;

  @ApiProperty({ example: 'TS-RED-M' })
  identifier!: string;

  @ApiProperty({ example: 50 })
  delta!: number;

  @ApiProperty({ enum: STATUSES })
  status!: InventoryEventStatus;

  @ApiProperty({ example: 1, description: 'Miva calls that carried this event' })
  attempts!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The latest failure while the event is retried (or why it failed); null once it is sent',
  })
  lastError!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-22T09:00:05.000Z',
    description:
      'While pending: when it is tried next (now or past = due; null while its call is in flight). Null once sent or failed',
  })
  nextAttemptAt!: string | null;

  @ApiProperty({ example: '2026-11-22T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T09:00:00.120Z' })
  sentAt!: string | null;
}
