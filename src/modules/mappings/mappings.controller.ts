import { Body, Controller, Get, Header, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CustomFieldMapping, PaymentMapping } from '../../mappers/mapper-settings';
import { AuthContext } from '../../common/auth/auth-context';
import { Auth, RequireScope } from '../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParamsDto } from '../../common/http/id-params.dto';
import { ArrayBodyPipe } from '../../common/http/body-validation';
import { SyncStartedDto } from '../orders/download/sync-run.dto';
import {
  CustomFieldMappingDto,
  MappingPreviewDto,
  MappingPreviewRequestDto,
  PaymentMappingDto,
} from './mapping.dto';
import { MappingPreviewService } from './mapping-preview.service';
import { MappingsService } from './mappings.service';
import { RemapRunsService } from './remap-runs.service';

// The preview answers with JSON text (stored orders are spliced in as text, as the order routes do).
const JSON_TYPE = 'application/json; charset=utf-8';

@ApiTags('mappings')
@ApiResponse({ status: 404, type: ErrorResponseDto, description: 'No such store for this key' })
@RequireScope('config:write')
@Controller('api/v1/stores/:id')
export class MappingsController {
  constructor(
    private readonly mappings: MappingsService,
    private readonly remaps: RemapRunsService,
    private readonly previews: MappingPreviewService,
  ) {}

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
    summary:
      'Re-run the mapping over the stored raw Miva orders, in the background (no Miva calls)',
    description:
      "Runs as a sync run with trigger `remap` (see the store's sync-runs): `ordersSeen` = " +
      'orders remapped, `ordersUpdated` = new revisions, `ordersFailed` = orders that do not ' +
      'map. Orders whose mapped form changes get a new revision (and show as unacknowledged ' +
      'again). One remap per store at a time, across instances: while one runs, this answers ' +
      "the running one's id.",
  })
  @ApiResponse({ status: 202, type: SyncStartedDto })
  @ApiResponse({ status: 503, type: ErrorResponseDto, description: 'The service is stopping' })
  async remap(@Auth() auth: AuthContext, @Param() { id }: IdParamsDto): Promise<SyncStartedDto> {
    return { runId: await this.remaps.request(auth, id) };
  }

  @Post('mappings/preview')
  @HttpCode(200)
  @Header('Content-Type', JSON_TYPE)
  @ApiOperation({
    summary: 'Map one stored order with the given mappings, next to its stored form; saves nothing',
    description:
      "`customFields` or `payments` omitted = the store's saved list. The preview is what a " +
      'remap with those mappings would make of the order; the order, its revision and the ' +
      'saved mappings stay as they are. Orders not offered to the OMS can be previewed too.',
  })
  @ApiResponse({ status: 200, type: MappingPreviewDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: 'An invalid mapping entry' })
  @ApiResponse({
    status: 404,
    type: ErrorResponseDto,
    description: 'No such store for this key, or no stored order with that Miva id',
  })
  @ApiResponse({
    status: 422,
    type: ErrorResponseDto,
    description: 'MAPPING_FAILED: the stored raw order does not map',
  })
  preview(
    @Auth() auth: AuthContext,
    @Param() { id }: IdParamsDto,
    @Body() body: MappingPreviewRequestDto,
  ): Promise<string> {
    return this.previews.preview(auth, id, body);
  }
}
