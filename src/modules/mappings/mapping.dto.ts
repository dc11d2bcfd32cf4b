import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Gateway, GATEWAYS } from '../../mappers/oms-order.types';

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

export class RemapResultDto {
  @ApiProperty({ example: 1200, description: 'Stored raw Miva orders mapped again' })
  ordersSeen!: number;

  @ApiProperty({ example: 37, description: 'Orders whose mapped form changed: a new revision' })
  ordersUpdated!: number;

  @ApiProperty({ example: 0, description: 'Orders that are stored now but were not mapped before' })
  ordersCreated!: number;

  @ApiProperty({
    example: 0,
    description: 'Orders whose mapping failed (kept raw, listed nowhere)',
  })
  ordersFailed!: number;
}
