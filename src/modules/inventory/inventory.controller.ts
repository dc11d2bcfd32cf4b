import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import {
  CreateInventoryAdjustmentsDto,
  InventoryAdjustmentsResultDto,
  InventoryEventDto,
  ListInventoryAdjustmentsQueryDto,
} from './inventory.dto';
import { InventoryService } from './inventory.service';

@ApiTags('inventory')
@RequireScope('inventory:write')
@Controller('api/v1/inventory/adjustments')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue stock deltas for Miva (real time, coalesced per product, each eventId once)',
  })
  @ApiResponse({ status: 202, type: InventoryAdjustmentsResultDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'Invalid body' })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such store' })
  adjust(
    @Auth() auth: AuthContext,
    @Body() dto: CreateInventoryAdjustmentsDto,
  ): Promise<InventoryAdjustmentsResultDto> {
    return this.inventory.adjust(auth, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Inventory events with their delivery status, newest first' })
  @ApiResponse({ status: 200, type: [InventoryEventDto] })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'Invalid query' })
  list(
    @Auth() auth: AuthContext,
    @Query() query: ListInventoryAdjustmentsQueryDto,
  ): Promise<InventoryEventDto[]> {
    return this.inventory.list(auth, query);
  }
}
