import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import {
  BackorderDto,
  CancellationDto,
  CreateBackorderDto,
  CreateCancellationDto,
} from './order-change.dto';
import { OrderChangesService, toBackorderDto, toCancellationDto } from './order-changes.service';

const CONFLICT = {
  status: 409,
  type: ErrorResponseDto,
  description: 'IDEMPOTENCY_CONFLICT: this ref was used for different content',
};
const UNPROCESSABLE = {
  status: 422,
  type: ErrorResponseDto,
  description:
    'QUANTITY_EXCEEDED: more than the open quantity (or a line already shipped); ' +
    'LINE_NOT_CHANGEABLE: a kit component, discount or coupon line',
};

@ApiTags('order changes')
@Controller('api/v1/orders/:id')
export class OrderChangesController {
  constructor(private readonly changes: OrderChangesService) {}

  @Post('cancellations')
  @HttpCode(202)
  @RequireScope('orders:write')
  @ApiOperation({
    summary: 'Cancel lines of an order: delivered to Miva in the background (split, cancel)',
  })
  @ApiResponse({ status: 202, type: CancellationDto, description: 'Accepted (status pending)' })
  @ApiResponse({ status: 200, type: CancellationDto, description: 'This cancellationRef exists' })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'Invalid body or line' })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such order' })
  @ApiResponse(CONFLICT)
  @ApiResponse(UNPROCESSABLE)
  async cancel(
    @Auth() auth: AuthContext,
    @Param() { id: orderId }: IdParamsDto,
    @Body() dto: CreateCancellationDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CancellationDto> {
    const result = await this.changes.cancel(auth, orderId, dto);
    if (!result.created) {
      res.status(200);
    }
    return result.change;
  }

  @Get('cancellations')
  @RequireScope('orders:write', 'orders:read')
  @ApiOperation({ summary: "The order's cancellations with their delivery status" })
  @ApiResponse({ status: 200, type: [CancellationDto] })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such order' })
  async listCancellations(
    @Auth() auth: AuthContext,
    @Param() { id: orderId }: IdParamsDto,
  ): Promise<CancellationDto[]> {
    return (await this.changes.list(auth, orderId, 'cancellation')).map(toCancellationDto);
  }

  @Post('backorders')
  @HttpCode(202)
  @RequireScope('orders:write')
  @ApiOperation({
    summary: 'Backorder lines of an order: delivered to Miva in the background (split, backorder)',
  })
  @ApiResponse({ status: 202, type: BackorderDto, description: 'Accepted (status pending)' })
  @ApiResponse({ status: 200, type: BackorderDto, description: 'This backorderRef exists' })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'Invalid body or line' })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such order' })
  @ApiResponse(CONFLICT)
  @ApiResponse(UNPROCESSABLE)
  async backorder(
    @Auth() auth: AuthContext,
    @Param() { id: orderId }: IdParamsDto,
    @Body() dto: CreateBackorderDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<BackorderDto> {
    const result = await this.changes.backorder(auth, orderId, dto);
    if (!result.created) {
      res.status(200);
    }
    return result.change;
  }

  @Get('backorders')
  @RequireScope('orders:write', 'orders:read')
  @ApiOperation({ summary: "The order's backorders with their delivery status" })
  @ApiResponse({ status: 200, type: [BackorderDto] })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such order' })
  async listBackorders(
    @Auth() auth: AuthContext,
    @Param() { id: orderId }: IdParamsDto,
  ): Promise<BackorderDto[]> {
    return (await this.changes.list(auth, orderId, 'backorder')).map(toBackorderDto);
  }
}
