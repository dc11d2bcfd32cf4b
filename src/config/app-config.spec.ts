import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  const dataDir = (): string => mkdtempSync(join(tmpdir(), 'bridge-config-'));

  it('applies the contract defaults', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.embedded).toBe(true);
    expect(config.logLevel).toBe('info');
    expect(config.adminApiKey).toBeUndefined();
    expect(config.alertWebhookUrl).toBeUndefined();
  });

  it('reads ALERT_WEBHOOK_URL (a loopback http listener is allowed)', () => {
    const url = 'http://127.0.0.1:9999/hooks/alerts?token=abc';
    expect(loadConfig({ DATA_DIR: dataDir(), ALERT_WEBHOOK_URL: url }).alertWebhookUrl).toBe(url);
  });

  it('generates SECRET_KEY into DATA_DIR with mode 0600 once, then reuses it', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const file = join(dir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secretKey.toString('hex'));
    expect(loadConfig({ DATA_DIR: dir }).secretKey.equals(first.secretKey)).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be an integer port number \(0-65535\), got "abc"$/],
    [{ PORT: '70000' }, /^PORT /],
    [{ DATABASE_URL: 'mysql://x/y' }, /^DATABASE_URL must be a postgres:\/\/ URL/],
    [{ DATABASE_URL: 'postgres://' }, /^DATABASE_URL /],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error/],
    [{ SECRET_KEY: 'short' }, /^SECRET_KEY must be 32 bytes/],
    [{ ADMIN_API_KEY: 'tiny' }, /^ADMIN_API_KEY must be at least 24 characters$/],
    // The URL may carry a token (Slack's do): never echoed.
    [
      { ALERT_WEBHOOK_URL: 'ftp://hooks.example/T0/s3cret' },
      /^ALERT_WEBHOOK_URL must be an http:\/\/ or https:\/\/ URL$/,
    ],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
  });

  it('never echoes a secret-looking value in the error', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), SECRET_KEY: 'hunter2' })).toThrow(
      /^SECRET_KEY must be 32 bytes as 64 hex characters or base64$/,
    );
  });

  it('accepts a real server URL and a hex SECRET_KEY', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      PORT: '8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      SECRET_KEY: 'ab'.repeat(32),
    });
    expect(config.port).toBe(8080);
    expect(config.embedded).toBe(false);
    expect(config.secretKey).toHaveLength(32);
  });
});
