import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { ListShipmentsQueryDto, ShipmentPageDto } from './shipment.dto';
import { ShipmentsService } from './shipments.service';

@ApiTags('shipments')
@Controller('api/v1/shipments')
export class ShipmentsListController {
  constructor(private readonly shipments: ShipmentsService) {}

  @Get()
  @RequireScope('shipments:write', 'orders:read')
  @ApiOperation({
    summary: "Shipments across orders, newest first, with their delivery status (the key's stores)",
  })
  @ApiResponse({ status: 200, type: ShipmentPageDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'Invalid query or cursor' })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such store' })
  list(@Auth() auth: AuthContext, @Query() query: ListShipmentsQueryDto): Promise<ShipmentPageDto> {
    return this.shipments.listAll(auth, query);
  }
}
