import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import { DiscoveredCustomFieldDto, DiscoveredPaymentModuleDto } from './mapping-discovery.dto';
import { MappingDiscoveryService } from './mapping-discovery.service';

/** Read-only: what mappings could use, counted over the store's stored raw orders. */
@ApiTags('mappings')
@ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such store for this key' })
@RequireScope('config:write', 'orders:read')
@Controller('api/v1/stores/:id/mappings')
export class MappingDiscoveryController {
  constructor(private readonly discovery: MappingDiscoveryService) {}

  @Get('custom-fields/discovered')
  @ApiOperation({
    summary: "Every custom order field seen in the store's stored orders, most frequent first",
    description:
      "The orderworkflow module's queue flags are not listed. `example` is the value of the " +
      'newest order that has a non-empty one (at most 80 characters, card numbers masked).',
  })
  @ApiResponse({ status: 200, type: [DiscoveredCustomFieldDto] })
  customFields(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
  ): Promise<DiscoveredCustomFieldDto[]> {
    return this.discovery.customFields(auth, id);
  }

  @Get('payments/discovered')
  @ApiOperation({
    summary: "Every payment module seen in the store's stored orders, most payments first",
    description:
      'With what the built-in recognition makes of each module (`recognisedAs`) and the ' +
      "store's payment mapping for it (`mappedTo`, which wins), if any.",
  })
  @ApiResponse({ status: 200, type: [DiscoveredPaymentModuleDto] })
  payments(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
  ): Promise<DiscoveredPaymentModuleDto[]> {
    return this.discovery.payments(auth, id);
  }
}
