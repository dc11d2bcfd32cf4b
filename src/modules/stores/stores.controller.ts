import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import { CreateStoreDto, StoreDto, UpdateStoreDto, WebhookTokenDto } from './store.dto';
import { StoresService } from './stores.service';

@ApiTags('stores')
@Controller('api/v1/stores')
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @Post()
  @RequireScope('config:write')
  @ApiOperation({
    summary: 'Connect a Miva store (credentials are checked with Miva first, without side effects)',
  })
  @ApiResponse({
    status: 201,
    type: StoreDto,
    description: 'The store; webhookUrl carries the webhook token (shown only here)',
  })
  @ApiResponse({ status: 400, type: ErrorResponseDto })
  @ApiResponse({ status: 422, type: ErrorResponseDto, description: 'MIVA_REJECTED' })
  @ApiResponse({ status: 502, type: ErrorResponseDto, description: 'MIVA_UNREACHABLE' })
  create(@Auth() auth: AuthContext, @Body() dto: CreateStoreDto): Promise<StoreDto> {
    return this.stores.create(auth, dto);
  }

  @Get()
  @RequireScope('config:write', 'orders:read')
  @ApiOperation({ summary: 'List the stores this key may see' })
  @ApiResponse({ status: 200, type: [StoreDto] })
  list(@Auth() auth: AuthContext): Promise<StoreDto[]> {
    return this.stores.list(auth);
  }

  @Get(':id')
  @RequireScope('config:write', 'orders:read')
  @ApiOperation({ summary: 'Get one store (never its credentials)' })
  @ApiResponse({ status: 200, type: StoreDto })
  @ApiResponse({ status: 404, type: ErrorResponseDto })
  get(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<StoreDto> {
    return this.stores.get(auth, id);
  }

  @Patch(':id')
  @RequireScope('config:write')
  @ApiOperation({
    summary: 'Change a store; a changed credential, queue or re-enable is checked with Miva first',
  })
  @ApiResponse({ status: 200, type: StoreDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto })
  @ApiResponse({ status: 404, type: ErrorResponseDto })
  @ApiResponse({ status: 422, type: ErrorResponseDto, description: 'MIVA_REJECTED' })
  @ApiResponse({ status: 502, type: ErrorResponseDto, description: 'MIVA_UNREACHABLE' })
  update(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
    @Body() dto: UpdateStoreDto,
  ): Promise<StoreDto> {
    return this.stores.update(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('config:write')
  @ApiOperation({ summary: 'Remove a store with its downloaded orders and sync history' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiResponse({ status: 404, type: ErrorResponseDto })
  async delete(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<void> {
    await this.stores.delete(auth, id);
  }

  @Post(':id/webhook-token')
  @HttpCode(200)
  @RequireScope('config:write')
  @ApiOperation({ summary: 'Rotate the webhook token; the old one stops working at once' })
  @ApiResponse({ status: 200, type: WebhookTokenDto })
  @ApiResponse({ status: 404, type: ErrorResponseDto })
  rotateWebhookToken(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
  ): Promise<WebhookTokenDto> {
    return this.stores.rotateWebhookToken(auth, id);
  }
}
