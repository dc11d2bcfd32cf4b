import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import {
  RetriesResultDto,
  RetryExceptionDto,
  RetryExceptionsDto,
} from '../exceptions/exception.dto';
import { ExceptionRetryService } from './exception-retry.service';

@ApiTags('exceptions')
@RequireScope('config:write')
@Controller('api/v1/exceptions')
export class ExceptionRetryController {
  constructor(private readonly retries: ExceptionRetryService) {}

  @Post('retries')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry several exceptions; those no longer open are listed as skipped' })
  @ApiResponse({ status: 202, type: RetriesResultDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto })
  retryMany(
    @Auth() auth: AuthContext,
    @Body() body: RetryExceptionsDto,
  ): Promise<RetriesResultDto> {
    return this.retries.retryMany(auth, body.ids);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Retry: an order is read from Miva again, parked work is sent again, a store downloads now',
  })
  @ApiResponse({ status: 202, description: 'Retried' })
  @ApiResponse({ status: 404, type: ErrorResponseDto })
  @ApiResponse({
    status: 409,
    type: ErrorResponseDto,
    description:
      'EXCEPTION_NOT_OPEN, or CONFLICT: an OUTCOME_UNKNOWN inventory event needs {"force": true}',
  })
  async retry(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
    @Body() body: RetryExceptionDto,
  ): Promise<void> {
    await this.retries.retry(auth, id, body.force === true);
  }
}
