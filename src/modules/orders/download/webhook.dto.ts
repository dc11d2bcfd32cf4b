import { ApiProperty } from '@nestjs/swagger';

export class WebhookAcceptedDto {
  @ApiProperty({ example: true })
  accepted!: boolean;
}
