import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { BridgeApp, BridgeAppOptions, createBridgeApp } from '../../src/bridge-app';
import { loadConfig } from '../../src/config/app-config';
import { createTestDatabase, TestDatabase } from './test-database';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestApp {
  bridge: BridgeApp;
  server: Server;
  database: TestDatabase;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Boots the real app on a fresh database (see createTestDatabase), listening on a random port.
 * `options`: e.g. the relay's tuning.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: BridgeAppOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'bridge-test-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const bridge = await createBridgeApp(config, options);
  await bridge.app.listen(0, '127.0.0.1');
  return {
    bridge,
    server: bridge.app.getHttpServer(),
    database,
    dataDir,
    close: async () => {
      await bridge.close();
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const bearer = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}` });
