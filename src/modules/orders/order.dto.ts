import { ApiProperty } from '@nestjs/swagger';

import {
  CHARGE_TYPES,
  EXCEPTION_CODES,
  GATEWAYS,
  LINE_KINDS,
  LINE_STATUSES,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_TYPES,
} from '../../mappers/oms-order.types';

// The contract's Order, documented for the OpenAPI spec; the service writes the JSON itself (see
// renderOrderJson in orders-feed.service.ts), in this key order.

export class OmsCustomerDto {
  @ApiProperty({ type: Number, nullable: true, example: 5, description: 'null for a guest' })
  sourceId!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'jo' })
  login!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'jo@example.com' })
  email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+1 555 0100' })
  phone!: string | null;
}

export class OmsAddressDto {
  @ApiProperty({ example: 'Jo' }) firstName!: string;
  @ApiProperty({ example: 'Smith' }) lastName!: string;
  @ApiProperty({ example: '' }) company!: string;
  @ApiProperty({ example: 'jo@example.com' }) email!: string;
  @ApiProperty({ example: '+1 555 0100' }) phone!: string;
  @ApiProperty({ example: '' }) fax!: string;
  @ApiProperty({ example: '1 Main St' }) address1!: string;
  @ApiProperty({ example: '' }) address2!: string;
  @ApiProperty({ example: 'Springfield' }) city!: string;
  @ApiProperty({ example: 'IL' }) state!: string;
  @ApiProperty({ example: '62701' }) zip!: string;
  @ApiProperty({ example: 'US' }) country!: string;
}

export class OmsShippingMethodDto {
  @ApiProperty({ example: 'GROUND' }) code!: string;
  @ApiProperty({ example: 'UPS Ground' }) name!: string;
}

export class OmsLineOptionDto {
  @ApiProperty({ example: 'size', description: 'The attribute code (else its prompt)' })
  attribute!: string;
  @ApiProperty({
    example: 'M',
    description: 'The chosen option code, or the text the customer entered',
  })
  value!: string;
  @ApiProperty({
    example: '0.00',
    description: 'Per unit; already included in the line’s `unitPrice`',
  })
  price!: string;
}

export class OmsLineDto {
  @ApiProperty({
    example: 'L301',
    description:
      'Stable across re-downloads and re-mapping: `L<Miva line id>` for a product line, ' +
      '`L<kit line id>-P<n>` for the n-th part of a kit; use it to ship lines',
  })
  lineId!: string;
  @ApiProperty({
    enum: LINE_KINDS,
    example: 'product',
    description:
      '`product`: a Miva item. `kit_component`: one part of a kit item (store setting ' +
      '`kitMode: parts`), priced 0.00 under its kit line. `discount` / `coupon`: an order-level ' +
      'discount charge of Miva, as a negative line (`coupon` when a coupon of the order matches it)',
  })
  kind!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 301,
    description:
      'The Miva item line id (for a kit component, its kit’s). null on discount and coupon ' +
      'lines: they come from order charges, not items',
  })
  sourceLineId!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'A kit component’s kit line (`lineId`); null on every other line',
  })
  parentLineId!: string | null;
  @ApiProperty({
    enum: LINE_STATUSES,
    nullable: true,
    example: 'pending',
    description:
      'The Miva item status (a kit component has its kit’s). null on discount and coupon lines',
  })
  status!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0,
    description: 'Miva’s item status code behind `status`; null on discount and coupon lines',
  })
  sourceStatus!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The coupon’s code on a `coupon` line; null on every other line',
  })
  couponCode!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'TS-RED-M',
    description:
      'The product identifier the store chose (`productIdentifier`: SKU or code), falling back ' +
      'to the other when it is empty. null on discount and coupon lines, or when Miva sent neither',
  })
  identifier!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'TS-RED-M',
    description:
      'The SKU as Miva sent it; null when the product (or variant) has none in Miva, and on ' +
      'discount and coupon lines',
  })
  sku!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'TSHIRT',
    description:
      'The Miva product code; null when Miva sent none, and on discount and coupon lines',
  })
  productCode!: string | null;
  @ApiProperty({ example: 'T-Shirt', description: 'Product name, or the discount’s description' })
  name!: string;
  @ApiProperty({
    example: 2,
    description: 'For a kit component: the part quantity times the kit quantity',
  })
  quantity!: number;
  @ApiProperty({
    example: '22.50',
    description:
      'Price per unit as charged: the item price with item-level discounts already taken off, ' +
      'plus every option’s price. Negative on discount and coupon lines; 0.00 on kit components',
  })
  unitPrice!: string;
  @ApiProperty({
    example: '25.00',
    description:
      'Price per unit before item-level discounts: the base price plus every option’s base price',
  })
  originalUnitPrice!: string;
  @ApiProperty({
    example: '45.00',
    description:
      'Miva’s item total (`unitPrice` × `quantity`). A cancelled line keeps it, but it counts ' +
      'in no order total',
  })
  lineTotal!: string;
  @ApiProperty({ type: [OmsLineOptionDto] }) options!: OmsLineOptionDto[];
}

export class OmsChargeDto {
  @ApiProperty({
    enum: CHARGE_TYPES,
    example: 'shipping',
    description:
      'From Miva’s charge type: SHIPPING, TAX and HANDLING by name, anything else `other`. ' +
      'Discount charges are not here: they are discount or coupon lines',
  })
  type!: string;
  @ApiProperty({ example: 'SHIPPING', description: 'Miva’s charge type as sent' })
  sourceType!: string;
  @ApiProperty({ example: 'UPS Ground' }) description!: string;
  @ApiProperty({ example: '5.00' }) amount!: string;
}

export class OmsCardDto {
  @ApiProperty({ type: String, nullable: true, example: 'Visa' }) brand!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '1111',
    description:
      'The only digits kept: a full card number or security code is never stored or returned',
  })
  last4!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 12 }) expMonth!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 2030 }) expYear!: number | null;
}

export class OmsPaymentDto {
  @ApiProperty({ example: 12, description: 'The Miva payment record id' })
  sourcePaymentId!: number;
  @ApiProperty({
    enum: GATEWAYS,
    example: 'braintree',
    description:
      'Recognised from the store’s payment mappings, then the Miva module’s code, name and ' +
      'provider; `generic` when none applies (never an error). `apple_pay` for Apple Pay ' +
      'whichever gateway processed it',
  })
  gateway!: string;
  @ApiProperty({
    enum: GATEWAYS,
    example: 'braintree',
    description: 'The gateway that processed the payment: equals `gateway` except for Apple Pay',
  })
  processor!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'braintree',
    description: 'The Miva payment module code as sent; null when Miva sent no module',
  })
  mivaModule!: string | null;
  @ApiProperty({
    enum: PAYMENT_METHODS,
    example: 'card',
    description: '`card` when card data is present and nothing more specific applies',
  })
  method!: string;
  @ApiProperty({
    enum: PAYMENT_TYPES,
    example: 'authorization',
    description: 'Says whether the amount was authorised, captured, refunded, voided or declined',
  })
  type!: string;
  @ApiProperty({
    example: '42.49',
    description: 'Positive as Miva records it, a refund included: `type` says it is a refund',
  })
  amount!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ref7hq2k',
    description: 'The gateway’s transaction reference from the payment data; null when absent',
  })
  transactionId!: string | null;
  @ApiProperty({
    type: OmsCardDto,
    nullable: true,
    description: 'null when the payment carries no card data',
  })
  card!: OmsCardDto | null;
  @ApiProperty({ example: '2026-11-22T09:00:00.000Z', description: 'When Miva recorded it' })
  createdAt!: string;
}

export class OmsNoteDto {
  @ApiProperty({ example: 9 }) sourceId!: number;
  @ApiProperty({ example: 'Customer called to confirm the address' }) text!: string;
  @ApiProperty({ example: '2026-11-22T09:05:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: 'admin' }) author!: string | null;
}

export class OmsTotalsDto {
  @ApiProperty({
    example: '45.00',
    description: 'Σ `lineTotal` of the product lines, cancelled lines excluded',
  })
  items!: string;
  @ApiProperty({
    example: '-4.50',
    description:
      'Σ of the discount and coupon lines (negative). Item-level discounts are already taken ' +
      'off the product lines’ prices and are not repeated here',
  })
  discounts!: string;
  @ApiProperty({ example: '5.00', description: 'Σ of the `shipping` charges' }) shipping!: string;
  @ApiProperty({ example: '2.49', description: 'Σ of the `tax` charges' }) tax!: string;
  @ApiProperty({ example: '0.00', description: 'Σ of the `handling` and `other` charges' })
  other!: string;
  @ApiProperty({
    example: '47.99',
    description:
      'Miva’s order total, authoritative: never recomputed. When items + discounts + shipping ' +
      '+ tax + other differ from it, the order carries a TOTAL_MISMATCH exception',
  })
  total!: string;
}

export class OmsExceptionDto {
  @ApiProperty({
    enum: EXCEPTION_CODES,
    example: 'TOTAL_MISMATCH',
    description:
      'Something to look at; the order still flows. TOTAL_MISMATCH: the totals do not add up ' +
      'to Miva’s total. UNKNOWN_PAYMENT_TYPE: a payment type Miva does not define (listed as `declined`). ' +
      'PAYMENT_NOT_DECRYPTED: Miva could not decrypt a payment’s data (its decrypt_error follows)',
  })
  code!: string;
  @ApiProperty({ example: 'Lines and charges add up to 47.98, Miva’s total is 47.99' })
  message!: string;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) storeId!: string;
  @ApiProperty({ enum: ['miva'], example: 'miva' }) source!: 'miva';
  @ApiProperty({ example: 200076, description: 'The Miva order id' }) sourceOrderId!: number;
  @ApiProperty({
    example: 1,
    description: 'Grows by one each time the mapped order changes; acknowledge by revision',
  })
  revision!: number;
  @ApiProperty({
    example: false,
    description: 'Whether the OMS has acknowledged this revision (a later change makes it false)',
  })
  acknowledged!: boolean;
  @ApiProperty({
    example: '2026-11-22T09:00:01.250Z',
    description: 'When the mapped order last changed here (the feed is ordered by this)',
  })
  changedAt!: string;
  @ApiProperty({ enum: ORDER_STATUSES, example: 'processing' }) status!: string;
  @ApiProperty({ example: 100, description: 'Miva’s status code' }) sourceStatus!: number;
  @ApiProperty({ example: '2026-11-22T08:59:00.000Z' }) placedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-22T08:59:30.000Z' })
  sourceUpdatedAt!: string | null;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ type: OmsCustomerDto }) customer!: OmsCustomerDto;
  @ApiProperty({ type: OmsAddressDto }) billTo!: OmsAddressDto;
  @ApiProperty({ type: OmsAddressDto }) shipTo!: OmsAddressDto;
  @ApiProperty({ type: OmsShippingMethodDto, nullable: true })
  shippingMethod!: OmsShippingMethodDto | null;
  @ApiProperty({
    type: [OmsLineDto],
    description:
      'Product lines in Miva’s order (each kit followed by its components), then the discount ' +
      'and coupon lines. Cancelled lines stay here but count in no total',
  })
  lines!: OmsLineDto[];
  @ApiProperty({
    type: [OmsChargeDto],
    description: 'Miva’s charges other than discounts (those are lines)',
  })
  charges!: OmsChargeDto[];
  @ApiProperty({ type: [OmsPaymentDto] }) payments!: OmsPaymentDto[];
  @ApiProperty({ type: [OmsNoteDto] }) notes!: OmsNoteDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { signifydGuaranteeDisposition: 'APPROVED' },
    description: 'Only the mapped custom fields, under their OMS names',
  })
  customFields!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: true },
    example: { customfields: { SignifydGuaranteeDisposition: 'APPROVED' } },
    description: 'Everything Miva sent, by module then field code (queue flags excluded)',
  })
  sourceCustomFields!: Record<string, Record<string, unknown>>;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Item discount: T-Shirt (SKU TS-RED-M): Summer sale: 2.50',
    description:
      'One line per item-level discount (the product, the discount’s description and amount, ' +
      'and its coupon code when a coupon matches), and one per coupon of the order that shows ' +
      'nowhere else; null when there are none',
  })
  customerComments!: string | null;
  @ApiProperty({ type: OmsTotalsDto }) totals!: OmsTotalsDto;
  @ApiProperty({ type: [OmsExceptionDto] }) exceptions!: OmsExceptionDto[];
}
