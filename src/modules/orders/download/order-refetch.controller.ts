import { Controller, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../../common/auth/auth-context';
import { Auth, RequireScope } from '../../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../../common/errors/error-response.dto';
import { OrderDto } from '../order.dto';
import { StoreOrderParamsDto } from '../orders-feed.dto';
import { OrderRefetchService } from './order-refetch.service';

@ApiTags('stores')
@Controller('api/v1/stores')
export class OrderRefetchController {
  constructor(private readonly refetchService: OrderRefetchService) {}

  @Post(':storeId/orders/:mivaOrderId/refetch')
  @HttpCode(200)
  @RequireScope('config:write')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOperation({
    summary:
      'Read one order from Miva again by its id (no queue read, no acknowledgement) and re-map ' +
      'it; a new revision only if its mapped content changed',
  })
  @ApiResponse({ status: 200, type: OrderDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto })
  @ApiResponse({
    status: 404,
    type: ErrorResponseDto,
    description:
      'No such store for this key, or MIVA_ORDER_NOT_FOUND: Miva has no such order, or the ' +
      'order is not offered to the OMS',
  })
  refetch(@Auth() auth: AuthContext, @Param() params: StoreOrderParamsDto): Promise<string> {
    return this.refetchService.refetch(auth, params.storeId, params.mivaOrderId);
  }
}
