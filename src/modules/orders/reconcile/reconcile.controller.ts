import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../../common/auth/auth-context';
import { Auth, RequireScope } from '../../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../../common/errors/error-response.dto';
import { IdParamsDto } from '../../../common/http/id-params.dto';
import { SyncStartedDto } from '../download/sync-run.dto';
import { ReconcileRequestDto } from './reconcile.dto';
import { ReconcileService } from './reconcile.service';

@ApiTags('stores')
@Controller('api/v1/stores')
export class ReconcileController {
  constructor(private readonly reconcile: ReconcileService) {}

  @Post(':id/reconcile')
  @HttpCode(202)
  @RequireScope('config:write')
  @ApiOperation({
    summary:
      'Compare the Miva orders placed in a window with the stored ones and download the ' +
      'missing, changed or all of them (a run with trigger reconcile; no queue read)',
  })
  @ApiResponse({
    status: 202,
    type: SyncStartedDto,
    description: 'The run started, or the reconciliation of the store already running',
  })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such store for this key' })
  @ApiResponse({ status: 409, type: ErrorResponseDto, description: 'The store is disabled' })
  async start(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
    @Body() body: ReconcileRequestDto,
  ): Promise<SyncStartedDto> {
    return { runId: await this.reconcile.request(auth, id, body) };
  }
}
