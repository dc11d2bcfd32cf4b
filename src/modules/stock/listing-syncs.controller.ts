import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import { CreateListingSyncDto, ListingSyncDto } from './listing-sync.dto';
import { ListingSyncsService } from './listing-syncs.service';
import { StockJobAcceptedDto } from './true-up.dto';

@ApiTags('listings')
@RequireScope('listings:write')
@Controller('api/v1/listings/syncs')
export class ListingSyncsController {
  constructor(private readonly syncs: ListingSyncsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Set prices and active flags in Miva, writing only the products that differ',
  })
  @ApiResponse({ status: 202, type: StockJobAcceptedDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'Invalid body' })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such store' })
  create(
    @Auth() auth: AuthContext,
    @Body() dto: CreateListingSyncDto,
  ): Promise<StockJobAcceptedDto> {
    return this.syncs.create(auth, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A listing sync: its status, counts and each listing with its changes' })
  @ApiResponse({ status: 200, type: ListingSyncDto })
  @ApiResponse({ status: 404, type: ErrorResponseDto })
  get(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<ListingSyncDto> {
    return this.syncs.get(auth, id);
  }
}
