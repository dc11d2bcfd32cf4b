import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { ListingResult } from './listing-sync-item.entity';
import type { StockJobStatus } from './true-up.entity';

export const MAX_LISTINGS = 10_000;
const STATUSES: StockJobStatus[] = ['running', 'succeeded', 'failed'];
const RESULTS: ListingResult[] = ['updated', 'unchanged', 'unknown', 'failed'];

export class ListingInputDto {
  @ApiProperty({
    example: 'TS-RED-M',
    description: "SKU or product code per the store's productIdentifier; each once per request",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  identifier!: string;

  @ApiPropertyOptional({
    example: '19.99',
    description: 'The price to set: a money string with two decimals, at most 9999999.99',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,7}\.\d{2}$/, {
    message: 'price must be a money string with two decimals, e.g. "19.99" (at most 9999999.99)',
  })
  price?: string;

  @ApiPropertyOptional({ example: true, description: 'Whether the product is active in Miva' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateListingSyncDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  storeId!: string;

  @ApiProperty({ type: [ListingInputDto], minItems: 1, maxItems: MAX_LISTINGS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LISTINGS)
  @ValidateNested({ each: true })
  @Type(() => ListingInputDto)
  listings!: ListingInputDto[];
}

export class ListingCountsDto {
  @ApiProperty({ example: 3 })
  listings!: number;
  @ApiProperty({ example: 1 })
  updated!: number;
  @ApiProperty({ example: 1 })
  unchanged!: number;
  @ApiProperty({ example: 1 })
  unknown!: number;
  @ApiProperty({ example: 0 })
  failed!: number;
}

export class ListingChangesDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['18.99', '19.99'],
    description: '[old, new]',
  })
  price?: [string, string];

  @ApiPropertyOptional({ type: [Boolean], example: [true, false], description: '[old, new]' })
  active?: [boolean, boolean];
}

export class ListingItemDto {
  @ApiProperty({ example: 'TS-RED-M' })
  identifier!: string;

  @ApiProperty({
    enum: RESULTS,
    nullable: true,
    description: 'null while the listing is not decided yet (being read or written)',
  })
  result!: ListingResult | null;

  @ApiProperty({
    type: ListingChangesDto,
    description: 'The fields that differ(ed) from Miva, as [old, new]; {} when none or unread',
  })
  changes!: ListingChangesDto;

  @ApiProperty({ type: String, nullable: true })
  message!: string | null;
}

export class ListingSyncDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  storeId!: string;

  @ApiProperty({ enum: STATUSES })
  status!: StockJobStatus;

  @ApiProperty({ example: '2026-11-22T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T09:00:02.000Z' })
  finishedAt!: string | null;

  @ApiProperty({ type: ListingCountsDto })
  counts!: ListingCountsDto;

  @ApiProperty({ type: [ListingItemDto] })
  items!: ListingItemDto[];
}
