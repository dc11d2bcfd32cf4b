import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './error-code';

export class ErrorDetailDto {
  @ApiPropertyOptional({ example: 'scopes' })
  field?: string;

  @ApiProperty({ example: 'each value in scopes must be one of the following values: …' })
  message!: string;
}

export class ErrorBodyDto {
  @ApiProperty({ enum: ErrorCode, example: ErrorCode.ValidationFailed })
  code!: ErrorCode;

  @ApiProperty({ example: 'The request is invalid' })
  message!: string;

  @ApiProperty({ type: [ErrorDetailDto] })
  details!: ErrorDetailDto[];
}

/** The contract's error shape: `{"error": {"code", "message", "details"}}`. */
export class ErrorResponseDto {
  @ApiProperty({ type: ErrorBodyDto })
  error!: ErrorBodyDto;
}
