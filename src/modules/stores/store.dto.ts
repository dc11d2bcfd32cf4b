import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ORDER_STATUSES } from '../../mappers/oms-order.types';
import type { KitMode, ProductIdentifier } from '../../mappers/mapper-settings';
import { isAllowedEndpointUrl } from './endpoint-url';
import type { DownloadStrategy, SignatureDigest, StoreStatus } from './store.entity';

export const DOWNLOAD_STRATEGIES = [
  'queue_ack',
  'queue',
  'date_range',
  'last_updated',
  'order_number',
] as const satisfies readonly DownloadStrategy[];
export const SIGNATURE_DIGESTS = [
  'sha256',
  'sha1',
  'none',
] as const satisfies readonly SignatureDigest[];
export const PRODUCT_IDENTIFIERS = ['sku', 'code'] as const satisfies readonly ProductIdentifier[];
export const KIT_MODES = ['sku', 'parts'] as const satisfies readonly KitMode[];
export const STORE_STATUSES = [
  'active',
  'unauthorized',
  'disabled',
] as const satisfies readonly StoreStatus[];
/** The contract's default importStatuses: every named status ('other' may be added explicitly). */
export const DEFAULT_IMPORT_STATUSES = ORDER_STATUSES.filter((s) => s !== 'other');

export const MIN_POLL_INTERVAL_SECONDS = 10;
export const DEFAULT_POLL_INTERVAL_SECONDS = 900;
export const DEFAULT_RECONCILE_DAYS = 2;
export const MAX_RECONCILE_DAYS = 90;

const URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
};

const ENDPOINT_URL_RULE =
  'https:// (http:// only for a loopback host: localhost, 127.0.0.0/8, [::1])';

/** https, or http to a loopback host (the simulator, tests): see endpoint-url.ts. */
function IsAllowedEndpointUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isAllowedEndpointUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isAllowedEndpointUrl(value),
      defaultMessage: () => `must be ${ENDPOINT_URL_RULE}`,
    },
  });
}

/** `download` of a store (docs/REST.md §4). Every field is optional; defaults apply. */
export class DownloadSettingsDto {
  @ApiPropertyOptional({ enum: DOWNLOAD_STRATEGIES, default: 'queue_ack' })
  @IsOptional()
  @IsIn(DOWNLOAD_STRATEGIES, { message: `must be one of ${DOWNLOAD_STRATEGIES.join(', ')}` })
  strategy?: DownloadStrategy;

  @ApiPropertyOptional({
    example: 'new_and_updated',
    description: 'The Miva order queue; required for queue_ack and queue',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  queueCode?: string | null;

  @ApiPropertyOptional({
    minimum: MIN_POLL_INTERVAL_SECONDS,
    default: DEFAULT_POLL_INTERVAL_SECONDS,
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_POLL_INTERVAL_SECONDS)
  @Max(7 * 24 * 3600)
  pollIntervalSeconds?: number;

  @ApiPropertyOptional({
    minimum: 0,
    description:
      'Order numbers for order_number (default 30), seconds for date_range/last_updated (default 300)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  overlap?: number;

  @ApiPropertyOptional({ enum: ORDER_STATUSES, isArray: true, example: DEFAULT_IMPORT_STATUSES })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ORDER_STATUSES, {
    each: true,
    message: `each status must be one of ${ORDER_STATUSES.join(', ')}`,
  })
  importStatuses?: string[];

  @ApiPropertyOptional({
    example: '2026-01-01T00:00:00Z',
    nullable: true,
    description: 'Where the date and order-number strategies begin (null: from the first order)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  startFrom?: string | null;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_RECONCILE_DAYS,
    default: DEFAULT_RECONCILE_DAYS,
    description:
      'Once a day, the orders placed in the last that many days are compared with Miva and the ' +
      'missing or changed ones downloaded (POST /stores/:id/reconcile); 0 turns it off',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_RECONCILE_DAYS)
  reconcileDays?: number;
}

/** The store fields shared by create and update. */
class StoreFieldsDto {
  @ApiPropertyOptional({ enum: SIGNATURE_DIGESTS, default: 'sha256' })
  @IsOptional()
  @IsIn(SIGNATURE_DIGESTS, { message: `must be one of ${SIGNATURE_DIGESTS.join(', ')}` })
  signatureDigest?: SignatureDigest;

  @ApiPropertyOptional({ type: DownloadSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DownloadSettingsDto)
  download?: DownloadSettingsDto;

  @ApiPropertyOptional({ enum: PRODUCT_IDENTIFIERS, default: 'sku' })
  @IsOptional()
  @IsIn(PRODUCT_IDENTIFIERS, { message: `must be one of ${PRODUCT_IDENTIFIERS.join(', ')}` })
  productIdentifier?: ProductIdentifier;

  @ApiPropertyOptional({ enum: KIT_MODES, default: 'parts' })
  @IsOptional()
  @IsIn(KIT_MODES, { message: `must be one of ${KIT_MODES.join(', ')}` })
  kitMode?: KitMode;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Decrypts payment data in Miva; write-only, never returned',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  paymentPassphrase?: string | null;

  @ApiPropertyOptional({ example: 'USD', default: 'USD', description: 'ISO 4217 currency code' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class CreateStoreDto extends StoreFieldsDto {
  @ApiProperty({ example: 'Main store', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'https://www.example.com/mm5/json.mvc',
    description: ENDPOINT_URL_RULE,
  })
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL of json.mvc' })
  @IsAllowedEndpointUrl()
  @MaxLength(2000)
  endpointUrl!: string;

  @ApiProperty({ example: 'MYSTORE' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  storeCode!: string;

  @ApiProperty({ description: 'Miva API access token; write-only, never returned' })
  @IsString()
  @Matches(/^[^\s:]+$/, { message: 'must be a token without spaces or colons' })
  @MaxLength(500)
  accessToken!: string;

  @ApiPropertyOptional({
    description: 'Base64 signing key (required unless signatureDigest is none); write-only',
  })
  @ValidateIf((o: CreateStoreDto) => o.signatureDigest !== 'none' || o.signingKey !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'is required unless signatureDigest is none' })
  @MaxLength(1000)
  signingKey?: string;
}

export class UpdateStoreDto extends StoreFieldsDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: ENDPOINT_URL_RULE })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL of json.mvc' })
  @IsAllowedEndpointUrl()
  @MaxLength(2000)
  endpointUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  storeCode?: string;

  @ApiPropertyOptional({ description: 'Write-only' })
  @IsOptional()
  @IsString()
  @Matches(/^[^\s:]+$/, { message: 'must be a token without spaces or colons' })
  @MaxLength(500)
  accessToken?: string;

  @ApiPropertyOptional({ description: 'Write-only' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  signingKey?: string;
}

export class DownloadSettingsViewDto {
  @ApiProperty({ enum: DOWNLOAD_STRATEGIES })
  strategy!: DownloadStrategy;

  @ApiProperty({ type: String, nullable: true })
  queueCode!: string | null;

  @ApiProperty()
  pollIntervalSeconds!: number;

  @ApiProperty()
  overlap!: number;

  @ApiProperty({ enum: ORDER_STATUSES, isArray: true })
  importStatuses!: string[];

  @ApiProperty({ type: String, nullable: true })
  startFrom!: string | null;

  @ApiProperty({ minimum: 0, maximum: MAX_RECONCILE_DAYS })
  reconcileDays!: number;
}

/** A store as every read shows it: never a token, key or passphrase. */
export class StoreDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  endpointUrl!: string;

  @ApiProperty()
  storeCode!: string;

  @ApiProperty({ example: 'a1b2' })
  accessTokenLast4!: string;

  @ApiProperty({ enum: SIGNATURE_DIGESTS })
  signatureDigest!: SignatureDigest;

  @ApiProperty({ type: DownloadSettingsViewDto })
  download!: DownloadSettingsViewDto;

  @ApiProperty({ enum: PRODUCT_IDENTIFIERS })
  productIdentifier!: ProductIdentifier;

  @ApiProperty({ enum: KIT_MODES })
  kitMode!: KitMode;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({ enum: STORE_STATUSES })
  status!: StoreStatus;

  @ApiProperty({ type: String, nullable: true })
  statusMessage!: string | null;

  @ApiProperty({
    example: '/api/v1/webhooks/miva/6f1c…',
    description:
      'Where Miva posts order webhooks. The ?token= part is shown only at creation and on rotation',
  })
  webhookUrl!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the next scheduled download is due',
  })
  nextPollAt!: string | null;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class WebhookTokenDto {
  @ApiProperty({ example: '/api/v1/webhooks/miva/6f1c…?token=…' })
  webhookUrl!: string;
}
