import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import { StoreHealthDto } from './store-health.dto';
import { StoreHealthService } from './store-health.service';

@ApiTags('stores')
@Controller('api/v1/stores/:id/health')
export class StoreHealthController {
  constructor(private readonly health: StoreHealthService) {}

  @Get()
  @RequireScope('config:write', 'orders:read')
  @ApiOperation({
    summary: "A store's health: ok, warning or failing, with the reasons and the figures behind",
  })
  @ApiResponse({ status: 200, type: StoreHealthDto })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such store' })
  get(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<StoreHealthDto> {
    return this.health.get(auth, id);
  }
}
