import { ApiProperty } from '@nestjs/swagger';
import { Gateway, GATEWAYS } from '../../mappers/oms-order.types';

export class DiscoveredCustomFieldDto {
  @ApiProperty({
    example: 'customfields:gift_msg',
    description: "`<module>:<field code>`, ready to use as a mapping's `mivaField`",
  })
  mivaField!: string;

  @ApiProperty({ example: 120, description: 'Stored orders that carry the field' })
  orders!: number;

  @ApiProperty({
    example: '2026-11-22T09:00:00.000Z',
    description: 'When an order carrying the field was last downloaded',
  })
  lastSeenAt!: string;

  @ApiProperty({
    example: 'Happy birthday',
    description:
      'The value of the newest order with a non-empty one, at most 80 characters (cut with …), ' +
      'card numbers masked; "" when every order sent it empty',
  })
  example!: string;
}

export class DiscoveredPaymentModuleDto {
  @ApiProperty({
    example: 'pmt_bt2',
    description: "The module's code (its name when the payments carried no code)",
  })
  mivaModule!: string;

  @ApiProperty({ example: 'Braintree' })
  name!: string;

  @ApiProperty({ example: 'Braintree, a division of PayPal, Inc.' })
  provider!: string;

  @ApiProperty({ example: 40, description: 'Payment records of stored orders made with it' })
  payments!: number;

  @ApiProperty({
    enum: GATEWAYS,
    example: 'braintree',
    description: 'What the built-in recognition makes of it (`generic` when nothing matches)',
  })
  recognisedAs!: Gateway;

  @ApiProperty({
    enum: GATEWAYS,
    nullable: true,
    example: null,
    description: "The store's payment mapping for it, if any (it wins over the recognition)",
  })
  mappedTo!: Gateway | null;
}
