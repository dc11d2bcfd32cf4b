import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ensureBuilt } from '../../scripts/ensure-built';
import { BridgeApp, createBridgeApp } from '../../src/bridge-app';
import { first } from '../../src/common/must';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { CredentialVault } from '../../src/modules/stores/credential-vault';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { storeBody, type StoreView, type SyncRun } from '../download/download-support';
import { freePort, ServiceProcess } from '../support/service-process';
import { insertStore } from '../support/store-fixtures';
import { ADMIN_KEY, bearer } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);
const MISMATCH =
  /^SECRET_KEY does not match .*every instance on one database must use the same SECRET_KEY$/;

describe('instances on one database share one SECRET_KEY', () => {
  let s: RunningSimulator;
  const dirs: string[] = [];
  const databases: TestDatabase[] = [];
  const apps: BridgeApp[] = [];

  const freshDatabase = async (): Promise<string> => {
    const database = await createTestDatabase();
    databases.push(database);
    return database.url;
  };

  /** An instance of the service on `databaseUrl` with its own DATA_DIR and the given key. */
  const boot = async (databaseUrl: string, secretKey: string): Promise<BridgeApp> => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bridge-key-'));
    dirs.push(dataDir);
    const bridge = await createBridgeApp(
      loadConfig({
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        ADMIN_API_KEY: ADMIN_KEY,
        SECRET_KEY: secretKey,
        LOG_LEVEL: 'silent',
        SYNC_SCHEDULER: 'off',
      }),
    );
    apps.push(bridge);
    return bridge;
  };

  const stop = async (bridge: BridgeApp): Promise<void> => {
    apps.splice(apps.indexOf(bridge), 1);
    await bridge.close();
  };

  const createStore = (bridge: BridgeApp) =>
    request(bridge.app.getHttpServer())
      .post('/api/v1/stores')
      .set(bearer(ADMIN_KEY))
      .send(storeBody(s));

  const storeCount = async (bridge: BridgeApp): Promise<number> => {
    const rows: { n: number }[] = await bridge.app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM stores');
    return first(rows).n;
  };

  const recordedCheck = async (bridge: BridgeApp): Promise<string | null> => {
    const rows: { value: string }[] = await bridge.app
      .get(DataSource)
      .query(`SELECT value FROM bridge_settings WHERE name = 'secret_key_check'`);
    return rows[0]?.value ?? null;
  };

  /** Starts a download of the store on `bridge` and returns the run once it has finished. */
  const syncNow = async (bridge: BridgeApp, storeId: string): Promise<SyncRun> => {
    const server = bridge.app.getHttpServer();
    const sync = await request(server)
      .post(`/api/v1/stores/${storeId}/sync`)
      .set(bearer(ADMIN_KEY))
      .expect(202);
    const runId = (sync.body as { runId: string }).runId;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await request(server)
        .get(`/api/v1/stores/${storeId}/sync-runs`)
        .set(bearer(ADMIN_KEY))
        .expect(200);
      const run = (res.body as SyncRun[]).find((r) => r.id === runId);
      if (run !== undefined && run.status !== 'running') {
        return run;
      }
      if (Date.now() > deadline) {
        throw new Error(`run ${runId} did not finish: ${JSON.stringify(run)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    s = await startSimulator({ orders: 5, seed: 71 });
  });

  afterAll(async () => {
    for (const app of apps) {
      await app.close();
    }
    for (const database of databases) {
      await database.dispose();
    }
    await s?.close();
    for (const dir of dirs) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start with another key once a store has credentials; the same key starts and uses the store', async () => {
    const url = await freshDatabase();
    const first = await boot(url, KEY_A);
    const created = await createStore(first).expect(201);
    const store = created.body as StoreView;

    const refused = boot(url, KEY_B);
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(MISMATCH);

    const second = await boot(url, KEY_A);
    const run = await syncNow(second, store.id);
    expect(run).toMatchObject({ status: 'succeeded', ordersSeen: 5 });
  });

  it('refuses a credential write with another key than the recorded one, writing nothing', async () => {
    const url = await freshDatabase();
    // Both start on a database without stores: nothing is recorded until credentials are written.
    const a = await boot(url, KEY_A);
    const b = await boot(url, KEY_B);
    expect(await recordedCheck(a)).toBeNull();

    const created = await createStore(a).expect(201);
    expect(await recordedCheck(a)).toBe(new CredentialVault(Buffer.from(KEY_A, 'hex')).keyCheck());

    const refused = await createStore(b).expect(500);
    expect(refused.body.error).toMatchObject({ code: 'INTERNAL' });
    expect(refused.body.error.message).toMatch(MISMATCH);
    expect(await storeCount(a)).toBe(1);
    // Its downloads of the stores it cannot read fail, naming the key (not silently).
    const run = await syncNow(b, (created.body as StoreView).id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/SECRET_KEY/);
  });

  it('upgrades a database with stores and no check value: the key that opens them is recorded', async () => {
    const url = await freshDatabase();
    const old = await boot(url, KEY_A);
    // A store written before the check existed: its row, and no check value.
    await insertStore(old);
    expect(await recordedCheck(old)).toBeNull();
    await stop(old);

    await expect(boot(url, KEY_B)).rejects.toThrow(MISMATCH);

    const same = await boot(url, KEY_A);
    expect(await recordedCheck(same)).toBe(
      new CredentialVault(Buffer.from(KEY_A, 'hex')).keyCheck(),
    );
    await stop(same);
    await expect(boot(url, KEY_B)).rejects.toThrow(MISMATCH);
  });
});

// `npm start` as a user runs it: the embedded database in a fresh DATA_DIR.
describe('the service process with another SECRET_KEY', () => {
  let dataDir: string;
  let s: RunningSimulator;
  const processes: ServiceProcess[] = [];
  const start = (env: Record<string, string>): ServiceProcess => {
    const service = ServiceProcess.start(env);
    processes.push(service);
    return service;
  };

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'bridge-key-process-'));
    s = await startSimulator({ orders: 1, seed: 72 });
  }, 300_000);

  afterAll(async () => {
    for (const service of processes) {
      await service.stop();
    }
    await s?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits non-zero with one line naming SECRET_KEY', async () => {
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN_KEY };

    const first = start({ ...env, SECRET_KEY: KEY_A, LOG_LEVEL: 'warn' });
    await first.waitFor(/listening on/);
    await request(`http://127.0.0.1:${port}`)
      .post('/api/v1/stores')
      .set(bearer(ADMIN_KEY))
      .send(storeBody(s, {}, { enabled: false }))
      .expect(201);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = start({ ...env, SECRET_KEY: KEY_B });
    expect(await second.exited).not.toBe(0);
    // start.js may rebuild first when the sources changed since the last build.
    const lines = second.stderr
      .trim()
      .split('\n')
      .filter((line) => line !== 'Building…');
    expect(lines).toEqual([
      expect.stringMatching(/^Configuration error: SECRET_KEY does not match /),
    ]);
    expect(second.stdout).not.toContain('listening on');
  });
});
