import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { StoreOrderParamsDto } from './orders-feed.dto';
import { RawOrderService } from './raw-order.service';

@ApiTags('orders')
@Controller('api/v1/stores')
export class RawOrderController {
  constructor(private readonly raw: RawOrderService) {}

  @Get(':storeId/orders/:mivaOrderId/raw')
  @RequireScope('orders:read', 'config:write')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary: "Miva's raw order as last downloaded (card data scrubbed), for support staff",
    description:
      'The Miva order JSON the mapping reads, also for an order whose status the store does not ' +
      'hand to the OMS. Card numbers keep only their last four digits; security codes are gone.',
  })
  @ApiProduces('application/json')
  @ApiResponse({ status: 200, description: 'The Miva order object (OrderList_Load_Query columns)' })
  @ApiResponse({ status: 400, type: ErrorResponseDto })
  @ApiResponse({
    status: 404,
    type: ErrorResponseDto,
    description: 'Never downloaded, or a store outside the key',
  })
  get(@Auth() auth: AuthContext, @Param() params: StoreOrderParamsDto): Promise<string> {
    return this.raw.get(auth, params.storeId, params.mivaOrderId);
  }
}
