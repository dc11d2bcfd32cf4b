import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CustomFieldMapping, PaymentMapping } from '../../mappers/mapper-settings';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import { ArrayBodyPipe } from '../../common/http/body-validation';
import { CustomFieldMappingDto, PaymentMappingDto, RemapResultDto } from './mapping.dto';
import { MappingsService } from './mappings.service';

@ApiTags('mappings')
@ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such store for this key' })
@RequireScope('config:write')
@Controller('api/v1/stores/:id')
export class MappingsController {
  constructor(private readonly mappings: MappingsService) {}

  @Get('mappings/custom-fields')
  @ApiOperation({ summary: "The store's custom order field mappings (Miva field → OMS name)" })
  @ApiResponse({ status: 200, type: [CustomFieldMappingDto] })
  customFields(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
  ): Promise<CustomFieldMapping[]> {
    return this.mappings.customFieldMappings(auth, id);
  }

  @Put('mappings/custom-fields')
  @ApiOperation({
    summary: 'Replace the custom order field mappings (run remap to apply them to stored orders)',
  })
  @ApiBody({ type: [CustomFieldMappingDto] })
  @ApiResponse({ status: 200, type: [CustomFieldMappingDto] })
  @ApiResponse({ status: 400, type: ErrorResponseDto })
  setCustomFields(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
    @Body(new ArrayBodyPipe(CustomFieldMappingDto)) body: CustomFieldMappingDto[],
  ): Promise<CustomFieldMapping[]> {
    return this.mappings.setCustomFieldMappings(auth, id, body);
  }

  @Get('mappings/payments')
  @ApiOperation({ summary: "The store's payment module overrides (Miva module → gateway)" })
  @ApiResponse({ status: 200, type: [PaymentMappingDto] })
  payments(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<PaymentMapping[]> {
    return this.mappings.paymentMappings(auth, id);
  }

  @Put('mappings/payments')
  @ApiOperation({
    summary: 'Replace the payment module overrides (run remap to apply them to stored orders)',
  })
  @ApiBody({ type: [PaymentMappingDto] })
  @ApiResponse({ status: 200, type: [PaymentMappingDto] })
  @ApiResponse({ status: 400, type: ErrorResponseDto })
  setPayments(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
    @Body(new ArrayBodyPipe(PaymentMappingDto)) body: PaymentMappingDto[],
  ): Promise<PaymentMapping[]> {
    return this.mappings.setPaymentMappings(auth, id, body);
  }

  @Post('remap')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Re-run the mapping over the stored raw Miva orders (no Miva calls)',
    description:
      'Orders whose mapped form changes get a new revision (and show as unacknowledged again). ' +
      'The work is done when the response arrives; it reports what changed.',
  })
  @ApiResponse({ status: 202, type: RemapResultDto })
  remap(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<RemapResultDto> {
    return this.mappings.remap(auth, id);
  }
}
