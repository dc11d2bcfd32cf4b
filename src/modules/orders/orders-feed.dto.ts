// The feed's requests and answers: paging query, order lookups, acknowledgements, pages.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { toBoolean, toInt } from '../../common/http/query-transforms';
import { OrderDto } from './order.dto';
import { ORDER_STATUSES, OmsOrderStatus } from '../../mappers/oms-order.types';

export const FEED_LIMIT_DEFAULT = 100;
export const FEED_LIMIT_MAX = 500;
export const ACK_BATCH_MAX = 1000;
const INT4_MAX = 2147483647;

/** ISO-8601 date, or date-time with an explicit zone (a zoneless time would be ambiguous). */
export const INSTANT_SHAPE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

export class ListOrdersQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this store. A store outside the API key’s stores answers 404.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'storeId must be a UUID' })
  storeId?: string;

  @ApiPropertyOptional({ enum: ORDER_STATUSES, description: 'Only orders in this mapped status' })
  @IsOptional()
  @IsIn(ORDER_STATUSES, { message: `status must be one of: ${ORDER_STATUSES.join(', ')}` })
  status?: OmsOrderStatus;

  @ApiPropertyOptional({
    example: '2026-11-22T09:00:00.000Z',
    description:
      'Only orders whose mapped form changed here at or after this instant (`changedAt` ≥). ' +
      'ISO-8601 with a zone (`Z` or `±hh:mm`), or a date (UTC midnight).',
  })
  @IsOptional()
  @IsString()
  @Matches(INSTANT_SHAPE, {
    message: 'updatedSince must be an ISO-8601 instant with a zone, e.g. 2026-11-22T09:00:00Z',
  })
  updatedSince?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      '`false`: only orders whose current revision the OMS has not acknowledged (new, or changed ' +
      'since their acknowledgement): the OMS’s "what is new or changed for me" feed. `true`: only ' +
      'acknowledged ones.',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'acknowledged must be true or false' })
  acknowledged?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: FEED_LIMIT_MAX,
    default: FEED_LIMIT_DEFAULT,
    description: 'Orders per page',
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(FEED_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'Opaque: a `nextCursor` or `pollCursor` from an earlier page, used with the same filters ' +
      '(another filter set answers 400).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class StoreOrderParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'storeId must be a UUID' })
  storeId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 200076, description: 'The Miva order id' })
  @Transform(toInt)
  @IsInt({ message: 'mivaOrderId must be an integer' })
  @Min(1)
  @Max(INT4_MAX)
  mivaOrderId!: number;
}

export class OrderAckEntryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @ApiProperty({
    type: 'integer',
    example: 3,
    minimum: 1,
    description: 'The revision the OMS has processed',
  })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  revision!: number;
}

export class AcknowledgeOrdersDto {
  @ApiProperty({ type: [OrderAckEntryDto], minItems: 1, maxItems: ACK_BATCH_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ACK_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => OrderAckEntryDto)
  orders!: OrderAckEntryDto[];
}

export class AcknowledgeResultDto {
  @ApiProperty({
    example: 2,
    description:
      'How many of the listed orders are now acknowledged at their current revision (including ' +
      'ones that already were: acknowledging is idempotent).',
  })
  acknowledged!: number;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'Orders whose revision moved on past the one sent: nothing was acknowledged for them; ' +
      'they stay in the `acknowledged=false` feed with their newer revision.',
  })
  stale!: string[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'Ids this API key cannot acknowledge: no such order, an order of a store outside the key’s ' +
      'stores, one not offered to the OMS, or a revision higher than the current one. ' +
      'Nothing was changed for them.',
  })
  unknown!: string[];
}

export class OrderPageDto {
  @ApiProperty({
    type: [OrderDto],
    description: 'Ordered by change position (when the mapped order last changed here)',
  })
  data!: OrderDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'MS40MTIuOWYzYzJkNjExYjA4ZTE3Yw',
    description:
      'The next page, or null when this page reached the current end of the feed. Paging with ' +
      'it never skips or repeats an order, even while orders arrive during the paging.',
  })
  nextCursor!: string | null;

  @ApiProperty({
    example: 'MS40MTIuOWYzYzJkNjExYjA4ZTE3Yw',
    description:
      'Always set: where to resume later (after the last order of this page, or the cursor sent ' +
      'when the page is empty). A polling OMS keeps it and asks again with it: it then receives ' +
      'every order that changed since, none skipped. An order that changes again after it was ' +
      'served comes again, with its new revision.',
  })
  pollCursor!: string;
}
