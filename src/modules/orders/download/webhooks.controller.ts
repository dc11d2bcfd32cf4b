import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../common/auth/auth.decorators';
import { ErrorResponseDto } from '../../../common/errors/error-response.dto';
import { WebhookAcceptedDto } from './webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Public()
@Controller('api/v1/webhooks/miva')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post(':storeId')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Miva order webhook (no bearer: the token authenticates). A wake-up hint: the store is re-read through the signed API',
  })
  @ApiQuery({ name: 'token', required: true })
  @ApiResponse({ status: 202, type: WebhookAcceptedDto })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'Unknown store or wrong token' })
  @ApiResponse({ status: 413, type: ErrorResponseDto, description: 'Body over 1 MB' })
  async receive(
    @Param('storeId') storeId: string,
    @Query('token') token: unknown,
  ): Promise<WebhookAcceptedDto> {
    await this.webhooks.accept(storeId, token);
    return { accepted: true };
  }

  @Get(':storeId')
  @HttpCode(202)
  @ApiOperation({
    summary: "Miva's webhook_get action (GET with Order_ID appended): the same wake-up hint",
  })
  @ApiQuery({ name: 'token', required: true })
  @ApiResponse({ status: 202, type: WebhookAcceptedDto })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: 'Unknown store or wrong token' })
  async receiveGet(
    @Param('storeId') storeId: string,
    @Query('token') token: unknown,
  ): Promise<WebhookAcceptedDto> {
    await this.webhooks.accept(storeId, token);
    return { accepted: true };
  }
}
