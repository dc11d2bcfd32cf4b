import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { toInt } from '../../common/http/query-transforms';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { ShipmentStatus } from './shipment.entity';

const SHIPMENT_STATUSES: ShipmentStatus[] = ['pending', 'sent', 'failed'];
export const SHIPMENTS_LIMIT_DEFAULT = 100;
export const SHIPMENTS_LIMIT_MAX = 500;

export class ShipmentLineInputDto {
  @ApiProperty({ example: 'L301', description: "The order line's lineId" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lineId!: string;

  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
}

export class CreateShipmentDto {
  @ApiProperty({
    example: 'OMS-SHIP-991',
    maxLength: 200,
    description: 'Unique per order: the same ref again returns the same shipment',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  shipmentRef!: string;

  @ApiPropertyOptional({
    type: [ShipmentLineInputDto],
    description: 'Omitted = everything not yet shipped and not cancelled',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ShipmentLineInputDto)
  lines?: ShipmentLineInputDto[];

  @ApiPropertyOptional({ example: 'UPS', maxLength: 100, description: "Miva's tracktype" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  carrier?: string;

  @ApiPropertyOptional({ example: '1Z999AA10123456784', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  trackingNumber?: string;

  @ApiPropertyOptional({ example: '7.10', description: 'Decimal string with two decimals' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,9}\.\d{2}$/, { message: 'cost must be a decimal string like "7.10"' })
  cost?: string;

  @ApiPropertyOptional({ default: true, description: 'Mark the Miva shipment shipped' })
  @IsOptional()
  @IsBoolean()
  markShipped?: boolean;
}

export class ShipmentLineDto {
  @ApiProperty({ example: 'L301' })
  lineId!: string;

  @ApiProperty({ example: 1 })
  quantity!: number;

  @ApiProperty({
    example: 305,
    nullable: true,
    type: Number,
    description: 'The Miva line in the shipment (the split line for a partial quantity)',
  })
  mivaLineId!: number | null;
}

export class ShipmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  storeId!: string;

  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ example: 'OMS-SHIP-991' })
  shipmentRef!: string;

  @ApiProperty({ enum: ['pending', 'sent', 'failed'] })
  status!: ShipmentStatus;

  @ApiProperty({ type: Number, nullable: true, example: 5 })
  mivaShipmentId!: number | null;

  @ApiProperty({ type: String, nullable: true, example: '00200-20261122-00005' })
  mivaShipmentCode!: string | null;

  @ApiProperty({ example: 1, description: 'Delivery attempts so far' })
  attempts!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The latest failure while the shipment is retried (or why it failed); null once it is sent',
  })
  lastError!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-22T09:00:05.000Z',
    description:
      'While pending: when it is tried next (now or past = due). Null once sent or failed',
  })
  nextAttemptAt!: string | null;

  @ApiProperty({ type: [ShipmentLineDto] })
  lines!: ShipmentLineDto[];

  @ApiProperty({ example: 'UPS' })
  carrier!: string;

  @ApiProperty({ example: '1Z999AA10123456784' })
  trackingNumber!: string;

  @ApiProperty({ example: '7.10' })
  cost!: string;

  @ApiProperty({ example: true })
  markShipped!: boolean;

  @ApiProperty({ example: '2026-11-22T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T09:00:01.000Z' })
  sentAt!: string | null;
}

export class ListShipmentsQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this store (404 outside the key’s stores)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'storeId must be a UUID' })
  storeId?: string;

  @ApiPropertyOptional({ enum: SHIPMENT_STATUSES })
  @IsOptional()
  @IsIn(SHIPMENT_STATUSES, { message: `status must be one of: ${SHIPMENT_STATUSES.join(', ')}` })
  status?: ShipmentStatus;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: SHIPMENTS_LIMIT_MAX,
    default: SHIPMENTS_LIMIT_DEFAULT,
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(SHIPMENTS_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (same filters)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class ShipmentPageDto {
  @ApiProperty({ type: [ShipmentDto] })
  data!: ShipmentDto[];

  @ApiProperty({ type: String, nullable: true, description: 'null: no more shipments for now' })
  nextCursor!: string | null;
}
