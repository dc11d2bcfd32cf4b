import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Gateway, GATEWAYS } from '../../mappers/oms-order.types';
import { OrderDto } from '../orders/order.dto';

export class CustomFieldMappingDto {
  @ApiProperty({
    example: 'customfields:SignifydGuaranteeDisposition',
    description: "`<module>:<field code>` as Miva's CustomField_Values has it",
  })
  @IsString()
  @Matches(/^[^:\s]+:[^:\s]+$/, { message: 'mivaField must look like <module>:<field code>' })
  @MaxLength(200)
  mivaField!: string;

  @ApiProperty({ example: 'signifydGuaranteeDisposition', description: 'The name the OMS sees' })
  @IsString()
  @Matches(/^[A-Za-z_][A-Za-z0-9_.-]*$/, {
    message: 'omsField must start with a letter or _ and hold only letters, digits, _ . -',
  })
  @MaxLength(100)
  omsField!: string;
}

export class PaymentMappingDto {
  @ApiProperty({ example: 'acmepay', description: 'The Miva payment module code (or name)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  mivaModule!: string;

  @ApiProperty({ enum: GATEWAYS, example: 'braintree' })
  @IsIn(GATEWAYS, { message: `gateway must be one of: ${GATEWAYS.join(', ')}` })
  gateway!: Gateway;
}

export class MappingPreviewRequestDto {
  @ApiProperty({ example: 200076, description: 'The Miva order id of a stored order of the store' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  mivaOrderId!: number;

  @ApiPropertyOptional({
    type: [CustomFieldMappingDto],
    description: "Custom-field mappings to try; omitted = the store's saved ones",
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CustomFieldMappingDto)
  customFields?: CustomFieldMappingDto[];

  @ApiPropertyOptional({
    type: [PaymentMappingDto],
    description: "Payment module overrides to try; omitted = the store's saved ones",
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PaymentMappingDto)
  payments?: PaymentMappingDto[];
}

export class MappingPreviewDto {
  @ApiProperty({ type: OrderDto, description: 'The order as stored (and served) now' })
  current!: OrderDto;

  @ApiProperty({
    type: OrderDto,
    description:
      'The same stored raw order mapped with the given mappings; the bridge fields (id, ' +
      'revision, acknowledged, changedAt) are those of the stored order, since nothing is saved',
  })
  preview!: OrderDto;
}
