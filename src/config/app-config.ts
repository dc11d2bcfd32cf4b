import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvSchema, LogLevel } from './env.schema';

/** The validated, typed configuration. Built once at boot; nothing else reads process.env. */
export class AppConfig {
  constructor(
    readonly port: number,
    /** A real PostgreSQL; undefined means the embedded PGlite under `dataDir`. */
    readonly databaseUrl: string | undefined,
    readonly dataDir: string,
    readonly adminApiKey: string | undefined,
    /** 32 bytes; loaded from SECRET_KEY or `<dataDir>/secret.key`, generated there on first start. */
    readonly secretKey: Buffer,
    readonly logLevel: LogLevel,
    /** Whether stores are polled on their schedule (SYNC_SCHEDULER, default on). */
    readonly syncScheduler: boolean = true,
    /** ALERT_WEBHOOK_URL: where alerts are POSTed; undefined = no alerts. Never logged or shown. */
    readonly alertWebhookUrl: string | undefined = undefined,
  ) {}

  get embedded(): boolean {
    return this.databaseUrl === undefined;
  }
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const ENV_NAMES = [
  'PORT',
  'DATABASE_URL',
  'DATA_DIR',
  'ADMIN_API_KEY',
  'SECRET_KEY',
  'LOG_LEVEL',
  'SYNC_SCHEDULER',
  'ALERT_WEBHOOK_URL',
];

/**
 * Validates the environment and returns the config, or throws a ConfigError whose message is one
 * line naming the variable (`PORT must be an integer port number (0-65535), got "abc"`).
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const name of ENV_NAMES) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      raw[name] = value;
    }
  }
  const schema = plainToInstance(EnvSchema, raw);
  const errors = validateSync(schema, { forbidUnknownValues: false });
  const [first] = errors;
  if (first !== undefined) {
    const message = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    const shown = first.property.match(/KEY|URL/)
      ? ''
      : `, got ${JSON.stringify(raw[first.property])}`;
    throw new ConfigError(`${first.property} ${message}${shown}`);
  }
  const dataDir = resolve(schema.DATA_DIR);
  return new AppConfig(
    schema.PORT,
    schema.DATABASE_URL,
    dataDir,
    schema.ADMIN_API_KEY,
    loadSecretKey(schema.SECRET_KEY, dataDir),
    schema.LOG_LEVEL,
    schema.SYNC_SCHEDULER === 'on',
    schema.ALERT_WEBHOOK_URL,
  );
}

function loadSecretKey(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv !== undefined) {
    return decodeKey(fromEnv);
  }
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) {
    return decodeKey(readFileSync(file, 'utf8').trim());
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

function decodeKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text)
    ? Buffer.from(text, 'hex')
    : Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) {
    throw new ConfigError('SECRET_KEY must be 32 bytes as 64 hex characters or base64');
  }
  return key;
}
