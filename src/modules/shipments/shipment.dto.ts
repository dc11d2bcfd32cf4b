import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { ShipmentStatus } from './shipment.entity';

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

  @ApiProperty({ type: String, nullable: true, description: "Miva's message for the last failure" })
  lastError!: string | null;

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
