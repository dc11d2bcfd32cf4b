import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createBridgeApp } from '../../src/bridge-app';
import { loadConfig } from '../../src/config/app-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { ADMIN_KEY, TestApp } from '../support/test-app';

/**
 * startTestApp for the download tests: the same real app, but in embedded mode it serves PGlite
 * through pglite-mux.ts, which keeps concurrent connections apart (the stock pglite-socket server
 * mixes their protocol messages under load; see pglite-mux.ts). With DATABASE_URL it is a fresh
 * database on that server, as startTestApp does.
 */
export async function startDownloadApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createDownloadDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'bridge-download-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'silent',
    SYNC_SCHEDULER: 'off',
    ...env,
  });
  const bridge = await createBridgeApp(config);
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

export async function createDownloadDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl !== undefined && serverUrl !== '') {
    return createTestDatabase();
  }
  return startMuxServer();
}

const MUX_SERVER = join(__dirname, 'pglite-mux.ts');

/** An in-memory PGlite behind pglite-mux.ts in a child process. */
async function startMuxServer(): Promise<TestDatabase> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', MUX_SERVER], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`embedded Postgres exited with ${code}`)));
  });
  return {
    url,
    dispose: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
