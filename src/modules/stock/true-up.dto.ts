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
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { StockJobStatus } from './true-up.entity';
import type { TrueUpResult } from './true-up-item.entity';

export const MAX_LEVELS = 10_000;
const STATUSES: StockJobStatus[] = ['running', 'succeeded', 'failed'];
const RESULTS: TrueUpResult[] = ['in_sync', 'applied', 'drifted', 'unknown', 'untracked', 'failed'];

export class TrueUpLevelDto {
  @ApiProperty({
    example: 'TS-RED-M',
    description: "SKU or product code per the store's productIdentifier; each once per request",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  identifier!: string;

  @ApiProperty({ example: 42, minimum: 0, description: "The OMS's sellable quantity" })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  available!: number;
}

export class CreateTrueUpDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  storeId!: string;

  @ApiPropertyOptional({
    default: true,
    description: 'false: only report the drift, change nothing in Miva',
  })
  @IsOptional()
  @IsBoolean()
  apply?: boolean;

  @ApiProperty({ type: [TrueUpLevelDto], minItems: 1, maxItems: MAX_LEVELS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LEVELS)
  @ValidateNested({ each: true })
  @Type(() => TrueUpLevelDto)
  levels!: TrueUpLevelDto[];
}

export class StockJobAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}

export class TrueUpCountsDto {
  @ApiProperty({ example: 3 })
  products!: number;
  @ApiProperty({ example: 1 })
  inSync!: number;
  @ApiProperty({
    example: 2,
    description: 'Products whose Miva stock did not match (every decided product not in sync)',
  })
  drifted!: number;
  @ApiProperty({ example: 1 })
  applied!: number;
  @ApiProperty({ example: 1 })
  unknown!: number;
  @ApiProperty({ example: 0 })
  untracked!: number;
  @ApiProperty({ example: 0 })
  failed!: number;
}

export class TrueUpItemDto {
  @ApiProperty({ example: 'TS-RED-M' })
  identifier!: string;

  @ApiProperty({ example: 42 })
  available!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3,
    description: 'Units on lines of orders the OMS never acknowledged (null until read)',
  })
  reserved!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 39, description: 'available − reserved' })
  target!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 37,
    description: "Miva's stock when read (null: unknown or untracked product)",
  })
  miva!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 2, description: 'target − miva' })
  delta!: number | null;

  @ApiProperty({
    enum: RESULTS,
    nullable: true,
    description: 'null while the item is not decided yet (being read or applied)',
  })
  result!: TrueUpResult | null;

  @ApiProperty({ type: String, nullable: true })
  message!: string | null;
}

export class TrueUpDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  storeId!: string;

  @ApiProperty()
  apply!: boolean;

  @ApiProperty({ enum: STATUSES })
  status!: StockJobStatus;

  @ApiProperty({ example: '2026-11-22T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T09:00:04.000Z' })
  finishedAt!: string | null;

  @ApiProperty({ type: TrueUpCountsDto })
  counts!: TrueUpCountsDto;

  @ApiProperty({ type: [TrueUpItemDto] })
  items!: TrueUpItemDto[];
}
