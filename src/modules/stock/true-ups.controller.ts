import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import { CreateTrueUpDto, StockJobAcceptedDto, TrueUpDto } from './true-up.dto';
import { TrueUpsService } from './true-ups.service';

@ApiTags('inventory')
@RequireScope('inventory:write')
@Controller('api/v1/inventory/true-ups')
export class TrueUpsController {
  constructor(private readonly trueUps: TrueUpsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'True up Miva to absolute OMS levels, less units of unacknowledged orders (apply: false reports the drift only)',
  })
  @ApiResponse({ status: 202, type: StockJobAcceptedDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'Invalid body' })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such store' })
  create(@Auth() auth: AuthContext, @Body() dto: CreateTrueUpDto): Promise<StockJobAcceptedDto> {
    return this.trueUps.create(auth, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A true-up: its status, counts and each product with its drift' })
  @ApiResponse({ status: 200, type: TrueUpDto })
  @ApiResponse({ status: 404, type: ErrorResponseDto })
  get(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<TrueUpDto> {
    return this.trueUps.get(auth, id);
  }
}
