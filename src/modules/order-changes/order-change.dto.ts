import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { OrderChangeStatus } from './order-change.entity';

export class ChangeLineInputDto {
  @ApiProperty({ example: 'L301', description: "The order line's lineId (a product line)" })
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

abstract class ChangeRequestDto {
  @ApiProperty({
    type: [ChangeLineInputDto],
    description: 'Product lines and quantities; a part of a line splits the Miva item first',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ChangeLineInputDto)
  lines!: ChangeLineInputDto[];
}

export class CreateCancellationDto extends ChangeRequestDto {
  @ApiProperty({
    example: 'OMS-CXL-17',
    maxLength: 200,
    description: 'Unique per order: the same ref again returns the same cancellation',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  cancellationRef!: string;

  @ApiPropertyOptional({
    example: 'Out of stock',
    maxLength: 2000,
    description: 'Stored by Miva on each cancelled line ("Cancellation Reason")',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class CreateBackorderDto extends ChangeRequestDto {
  @ApiProperty({
    example: 'OMS-BO-4',
    maxLength: 200,
    description: 'Unique per order: the same ref again returns the same backorder',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  backorderRef!: string;

  @ApiPropertyOptional({
    example: '2026-12-20T00:00:00Z',
    description: "Expected in-stock date (Miva's Date_InStock, kept to the second)",
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expectedAt must be an ISO-8601 date-time' })
  expectedAt?: string;
}

export class ChangeLineDto {
  @ApiProperty({ example: 'L301' })
  lineId!: string;

  @ApiProperty({ example: 1 })
  quantity!: number;

  @ApiProperty({
    example: 305,
    nullable: true,
    type: Number,
    description: 'The Miva line changed (the split line for a part of a line)',
  })
  mivaLineId!: number | null;
}

abstract class OrderChangeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ enum: ['pending', 'sent', 'failed'] })
  status!: OrderChangeStatus;

  @ApiProperty({ example: 1, description: 'Delivery attempts so far' })
  attempts!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The latest failure while retried, or why it failed; cleared once sent',
  })
  lastError!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-22T09:00:05.000Z',
    description: 'When a pending change is tried next (null once sent or failed)',
  })
  nextAttemptAt!: string | null;

  @ApiProperty({ type: [ChangeLineDto] })
  lines!: ChangeLineDto[];

  @ApiProperty({ example: '2026-11-22T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T09:00:01.000Z' })
  sentAt!: string | null;
}

export class CancellationDto extends OrderChangeDto {
  @ApiProperty({ example: 'OMS-CXL-17' })
  cancellationRef!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Out of stock' })
  reason!: string | null;
}

export class BackorderDto extends OrderChangeDto {
  @ApiProperty({ example: 'OMS-BO-4' })
  backorderRef!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-20T00:00:00.000Z' })
  expectedAt!: string | null;
}
