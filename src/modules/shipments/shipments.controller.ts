import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import { CreateShipmentDto, ShipmentDto } from './shipment.dto';
import { ShipmentsService } from './shipments.service';

@ApiTags('shipments')
@Controller('api/v1/orders/:id/shipments')
export class ShipmentsController {
  constructor(private readonly shipments: ShipmentsService) {}

  @Post()
  @HttpCode(202)
  @RequireScope('shipments:write')
  @ApiOperation({
    summary: 'Ship lines of an order: delivered to Miva in the background (split, create, track)',
  })
  @ApiResponse({ status: 202, type: ShipmentDto, description: 'Accepted (status pending)' })
  @ApiResponse({ status: 200, type: ShipmentDto, description: 'This shipmentRef exists already' })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'Invalid body or line' })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such order' })
  @ApiResponse({
    status: 422,
    type: ErrorResponseDto,
    description: 'QUANTITY_EXCEEDED: more than the unshipped quantity',
  })
  async create(
    @Auth() auth: AuthContext,
    @Param() { id: orderId }: IdParamsDto,
    @Body() dto: CreateShipmentDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ShipmentDto> {
    const result = await this.shipments.create(auth, orderId, dto);
    if (!result.created) {
      res.status(200);
    }
    return result.shipment;
  }

  @Get()
  @RequireScope('shipments:write', 'orders:read')
  @ApiOperation({ summary: "The order's shipments with their delivery status" })
  @ApiResponse({ status: 200, type: [ShipmentDto] })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such order' })
  list(@Auth() auth: AuthContext, @Param() { id: orderId }: IdParamsDto): Promise<ShipmentDto[]> {
    return this.shipments.list(auth, orderId);
  }
}
