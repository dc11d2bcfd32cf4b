import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../../common/auth/auth-context';
import { Auth, RequireScope } from '../../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../../common/errors/error-response.dto';
import { IdParamsDto } from '../../../common/http/id-params.dto';
import { StoresService } from '../../stores/stores.service';
import { OrdersSyncService } from './orders-sync.service';
import { SyncRunDto, SyncRunsQueryDto, SyncStartedDto, toSyncRunDto } from './sync-run.dto';

@ApiTags('stores')
@ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such store for this key' })
@Controller('api/v1/stores')
export class OrdersSyncController {
  constructor(
    private readonly stores: StoresService,
    private readonly syncService: OrdersSyncService,
  ) {}

  @Post(':id/sync')
  @HttpCode(202)
  @RequireScope('config:write', 'orders:read')
  @ApiOperation({
    summary: 'Download the store now (answers the running download if one is going on)',
  })
  @ApiResponse({ status: 202, type: SyncStartedDto })
  @ApiResponse({ status: 409, type: ErrorResponseDto, description: 'The store is disabled' })
  async sync(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<SyncStartedDto> {
    await this.stores.load(auth, id);
    return { runId: await this.syncService.requestSync(id, 'manual') };
  }

  @Get(':id/sync-runs')
  @RequireScope('config:write', 'orders:read')
  @ApiOperation({ summary: 'The latest download runs of the store, newest first' })
  @ApiResponse({ status: 200, type: [SyncRunDto] })
  async list(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
    @Query() query: SyncRunsQueryDto,
  ): Promise<SyncRunDto[]> {
    await this.stores.load(auth, id);
    return (await this.syncService.listRuns(id, query.limit ?? 20)).map(toSyncRunDto);
  }
}
