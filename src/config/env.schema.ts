import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  MinLength,
  Min,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** The environment of the contract ("Running it"), validated once at boot. */
export class EnvSchema {
  @Transform(toInt)
  @IsInt({ message: 'must be an integer port number (0-65535)' })
  @Min(0, { message: 'must be an integer port number (0-65535)' })
  @Max(65535, { message: 'must be an integer port number (0-65535)' })
  PORT: number = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s/]*[^\s/:@]+(:\d+)?\/[^\s/?]+(\?\S*)?$/, {
    message: 'must be a postgres:// URL such as postgres://user:pass@host:5432/db',
  })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  DATA_DIR: string = './data';

  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'must be at least 24 characters' })
  ADMIN_API_KEY?: string;

  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, {
    message: 'must be 32 bytes as 64 hex characters or base64',
  })
  SECRET_KEY?: string;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** `off` stops the periodic download scheduler (manual syncs and webhooks still download). */
  @IsIn(['on', 'off'], { message: 'must be on or off' })
  SYNC_SCHEDULER: 'on' | 'off' = 'on';

  /** Where alerts are POSTed (docs/OPERATIONS.md §10, "Alerts to a webhook"); unset: no alerts. */
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'must be an http:// or https:// URL' },
  )
  @MaxLength(2000, { message: 'must be an http:// or https:// URL' })
  ALERT_WEBHOOK_URL?: string;
}
