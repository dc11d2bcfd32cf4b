import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import { OrderDto } from './order.dto';
import {
  AcknowledgeOrdersDto,
  AcknowledgeResultDto,
  ListOrdersQueryDto,
  OrderPageDto,
  StoreOrderParamsDto,
} from './orders-feed.dto';
import { OrdersFeedService } from './orders-feed.service';

// The order routes answer with JSON text the service writes (stored mapped orders are spliced in
// as text), so the content type is set here rather than by Nest's object serialisation.
const JSON_TYPE = 'application/json; charset=utf-8';

// The feed's JSON text, already rendered, goes out as bytes: encoded once, where a string would be
// measured for Content-Length and then encoded again (a tenth of a 100-order page's time).
const utf8 = (json: string): Buffer => Buffer.from(json, 'utf8');

@ApiTags('orders')
@ApiExtraModels(OrderDto)
@Controller('api/v1')
export class OrdersFeedController {
  constructor(private readonly feed: OrdersFeedService) {}

  @Get('orders')
  @RequireScope('orders:read')
  @Header('Content-Type', JSON_TYPE)
  @ApiOperation({
    summary: 'Page through the orders feed (what the OMS pulls)',
    description:
      'Orders in the order they last changed here (each change takes the next feed position; ' +
      'positions are unique, so no two orders tie). Paging with `nextCursor` never skips or ' +
      'repeats an order, even while downloads commit during the paging: positions become ' +
      'visible strictly in increasing order. `nextCursor` is null when the page reached the ' +
      'current end of the feed; `pollCursor` is always set: keep it and ask again later to ' +
      'receive everything that changed since. An order that changes after it was served comes ' +
      'again later with its new revision. Orders whose status the store does not import are ' +
      'never shown until a revision is offered. A cursor is bound to the filters it was issued ' +
      'with. `acknowledged=false` is the "what is new or changed for me" feed. Only the stores ' +
      'of the API key are visible.',
  })
  @ApiResponse({ status: 200, type: OrderPageDto })
  @ApiResponse({
    status: 400,
    type: ErrorResponseDto,
    description: 'A bad filter, `limit` outside 1..500, an unknown parameter, or a bad cursor',
  })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'storeId outside the key' })
  async list(@Auth() auth: AuthContext, @Query() query: ListOrdersQueryDto): Promise<Buffer> {
    return utf8(await this.feed.page(auth, query));
  }

  @Post('orders/acknowledgements')
  @HttpCode(200)
  @RequireScope('orders:ack')
  @ApiOperation({
    summary: 'Acknowledge orders by revision',
    description:
      'Each order is acknowledged at the revision sent when that is still its current revision; ' +
      'it then shows `acknowledged: true` and leaves the `acknowledged=false` feed until it ' +
      'changes again. An older revision is reported in `stale` (the order changed since it was ' +
      'read: fetch it again). Ids this key cannot see, orders not offered to the OMS and ' +
      'revisions above the current one are reported in `unknown` and change nothing. ' +
      'Acknowledging again is harmless (idempotent). 1 to 1000 entries per call.',
  })
  @ApiResponse({ status: 200, type: AcknowledgeResultDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto })
  acknowledge(
    @Auth() auth: AuthContext,
    @Body() dto: AcknowledgeOrdersDto,
  ): Promise<AcknowledgeResultDto> {
    return this.feed.acknowledge(auth, dto);
  }

  @Get('orders/:id')
  @RequireScope('orders:read')
  @Header('Content-Type', JSON_TYPE)
  @ApiOperation({ summary: 'One order, at its current revision' })
  @ApiResponse({ status: 200, type: OrderDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'id is not a UUID' })
  @ApiResponse({
    status: 404,
    type: ErrorResponseDto,
    description: 'No such order, not offered to the OMS, or of a store outside the key',
  })
  async get(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<Buffer> {
    return utf8(await this.feed.getById(auth, id));
  }

  @Get('stores/:storeId/orders/:mivaOrderId')
  @RequireScope('orders:read')
  @Header('Content-Type', JSON_TYPE)
  @ApiOperation({ summary: 'One order by its store and Miva order id' })
  @ApiResponse({ status: 200, type: OrderDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto })
  @ApiResponse({
    status: 404,
    type: ErrorResponseDto,
    description: 'No such order, not offered to the OMS, or a store outside the key',
  })
  async getByMivaId(
    @Auth() auth: AuthContext,
    @Param() params: StoreOrderParamsDto,
  ): Promise<Buffer> {
    return utf8(await this.feed.getByMivaId(auth, params.storeId, params.mivaOrderId));
  }
}
