import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { toInt } from '../../common/http/query-transforms';
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
} from 'class-validator';
import { EXCEPTION_KINDS, EXCEPTION_STATUSES, SUBJECT_TYPES } from './exception-rules';

export const EXCEPTIONS_LIMIT_DEFAULT = 100;
export const EXCEPTIONS_LIMIT_MAX = 500;
export const RETRY_BATCH_MAX = 500;

export class ListExceptionsQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this store (404 outside the key’s stores)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'storeId must be a UUID' })
  storeId?: string;

  @ApiPropertyOptional({ enum: EXCEPTION_KINDS })
  @IsOptional()
  @IsIn(EXCEPTION_KINDS, { message: `kind must be one of: ${EXCEPTION_KINDS.join(', ')}` })
  kind?: string;

  @ApiPropertyOptional({ example: 'MAPPING_FAILED' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z_]{1,64}$/, { message: 'code must be an upper-case code like MAPPING_FAILED' })
  code?: string;

  @ApiPropertyOptional({ enum: EXCEPTION_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(EXCEPTION_STATUSES, { message: `status must be one of: ${EXCEPTION_STATUSES.join(', ')}` })
  status?: (typeof EXCEPTION_STATUSES)[number];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: EXCEPTIONS_LIMIT_MAX,
    default: EXCEPTIONS_LIMIT_DEFAULT,
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(EXCEPTIONS_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (same filters)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class ExceptionSubjectDto {
  @ApiProperty({ enum: SUBJECT_TYPES })
  type!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The subject’s id here (an order: its OMS order id; null if it never mapped)',
  })
  id!: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  mivaOrderId?: number | null;
}

export class ExceptionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  storeId!: string;

  @ApiProperty({ enum: EXCEPTION_KINDS })
  kind!: string;

  @ApiProperty({
    example: 'MAPPING_FAILED',
    description:
      'MAPPING_FAILED, TOTAL_MISMATCH, PAYMENT_NOT_DECRYPTED, MIVA_REFUSED, OUTCOME_UNKNOWN, ' +
      'UNAUTHORIZED, SYNC_FAILING',
  })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ type: ExceptionSubjectDto })
  subject!: ExceptionSubjectDto;

  @ApiProperty({ enum: EXCEPTION_STATUSES })
  status!: string;

  @ApiProperty({ description: 'How often the problem was seen while open' })
  occurrences!: number;

  @ApiProperty({ format: 'date-time' })
  firstSeenAt!: string;

  @ApiProperty({ format: 'date-time' })
  lastSeenAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  resolvedAt!: string | null;
}

export class ExceptionPageDto {
  @ApiProperty({ type: [ExceptionDto] })
  data!: ExceptionDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class RetryExceptionDto {
  @ApiPropertyOptional({
    description: 'OUTCOME_UNKNOWN inventory only: send again although Miva may have applied it',
  })
  @IsOptional()
  @IsBoolean({ message: 'force must be a boolean' })
  force?: boolean;
}

export class RetryExceptionsDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: RETRY_BATCH_MAX })
  @IsArray({ message: 'ids must be an array of exception ids' })
  @ArrayMinSize(1, { message: 'ids must not be empty' })
  @ArrayMaxSize(RETRY_BATCH_MAX)
  @IsUUID('all', { each: true, message: 'each id must be a UUID' })
  ids!: string[];
}

export class RetriesResultDto {
  @ApiProperty({ description: 'How many exceptions were retried' })
  retried!: number;

  @ApiProperty({ type: [String], description: 'Ids not retried: no longer open (or unknown)' })
  skipped!: string[];
}
