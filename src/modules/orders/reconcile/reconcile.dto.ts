import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_REFETCH,
  MAX_CONCURRENCY,
  MIN_CONCURRENCY,
  REFETCH_MODES,
  RefetchMode,
} from './reconcile-plan';

/** `POST /stores/:id/reconcile` (docs/REST.md, "Reconciliation"). Every field is optional. */
export class ReconcileRequestDto {
  @ApiPropertyOptional({
    example: '2026-01-01T00:00:00Z',
    description:
      "Orders placed from here (inclusive); default: `to` minus the store's reconcileDays",
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date' })
  from?: string | null;

  @ApiPropertyOptional({
    example: '2026-01-03T00:00:00Z',
    description: 'Orders placed before this (exclusive); default: now',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date' })
  to?: string | null;

  @ApiPropertyOptional({
    enum: REFETCH_MODES,
    default: DEFAULT_REFETCH,
    description:
      'missing: orders not stored here; changed: also those whose Miva dt_updated is newer than ' +
      'the stored copy; all: every order in the window (a historical import)',
  })
  @IsOptional()
  @IsIn(REFETCH_MODES, { message: `refetch must be one of ${REFETCH_MODES.join(', ')}` })
  refetch?: RefetchMode;

  @ApiPropertyOptional({
    minimum: MIN_CONCURRENCY,
    maximum: MAX_CONCURRENCY,
    default: DEFAULT_CONCURRENCY,
    description: 'Miva reads in flight at once',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_CONCURRENCY)
  @Max(MAX_CONCURRENCY)
  concurrency?: number;
}
