import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { BridgeApp, createBridgeApp } from '../../src/bridge-app';
import { loadConfig } from '../../src/config/app-config';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { ADMIN_KEY, bearer, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startDownloadApp } from './download-app';
import {
  closeAll,
  createStore,
  eventually,
  queueIds,
  runs,
  sim,
  StoredOrders,
  type SyncRun,
} from './download-support';

/** No two runs of the store overlap in time. */
function expectSequential(history: SyncRun[]): void {
  const spans = history
    .map((r) => [Date.parse(r.startedAt), Date.parse(r.finishedAt ?? '')] as const)
    .sort((a, b) => a[0] - b[0]);
  for (const [i, [start]] of spans.entries()) {
    const previous = spans[i - 1];
    if (previous !== undefined) {
      expect(start).toBeGreaterThanOrEqual(previous[1]);
    }
  }
}

describe('one download per store at a time, in one instance', () => {
  let t: TestApp;
  let s: RunningSimulator;
  let db: StoredOrders;

  beforeAll(async () => {
    s = await startSimulator({ orders: 400, seed: 51 });
    t = await startDownloadApp({ SYNC_SCHEDULER: 'on' }, { pageSize: 40 });
    db = await StoredOrders.open(t);
  });

  afterAll(() => closeAll(db, t, s));

  it('serialises the scheduler, manual syncs and webhooks of one store', async () => {
    await sim(s, 'PUT', '/faults', { latencyMs: 10 });
    const store = await createStore(t, s);
    // The scheduler starts the first download on its own; pile everything else on top.
    await Promise.all([
      ...[1, 2, 3].map(() =>
        request(t.server)
          .post(`/api/v1/stores/${store.id}/sync`)
          .set(bearer(ADMIN_KEY))
          .expect(202),
      ),
      ...[1, 2, 3].map(() => request(t.server).post(store.webhookUrl).send({}).expect(202)),
    ]);
    await eventually(
      async () => {
        const history = await runs(t, store.id);
        return history.length > 0 && history.every((r) => r.status === 'succeeded');
      },
      30_000,
      'the runs to finish',
    );
    await sim(s, 'DELETE', '/faults');
    const history = await runs(t, store.id);
    expectSequential(history);
    expect(history.reduce((n, r) => n + r.ordersCreated, 0)).toBe(400);
    expect(await db.count(store.id)).toEqual({ orders: 400, raw: 400, duplicates: 0 });
    expect(await queueIds(s)).toEqual([]);
  });
});

// Two service instances on one PostgreSQL server exclude each other with a session advisory
// lock. (Embedded PGlite serves one process, and its advisory locks are shared by all
// connections, so this needs DATABASE_URL.)
if (process.env.DATABASE_URL) {
  describe('one download per store at a time, across two instances on one PostgreSQL', () => {
    let database: TestDatabase;
    const apps: BridgeApp[] = [];
    const dirs: string[] = [];
    let s: RunningSimulator;

    const boot = async (): Promise<BridgeApp> => {
      const dataDir = mkdtempSync(join(tmpdir(), 'bridge-instance-'));
      dirs.push(dataDir);
      const bridge = await createBridgeApp(
        loadConfig({
          DATABASE_URL: database.url,
          DATA_DIR: dataDir,
          ADMIN_API_KEY: ADMIN_KEY,
          SECRET_KEY: 'ab'.repeat(32),
          LOG_LEVEL: 'silent',
          SYNC_SCHEDULER: 'on',
        }),
        { download: { pageSize: 40 } },
      );
      await bridge.app.listen(0, '127.0.0.1');
      apps.push(bridge);
      return bridge;
    };

    beforeAll(async () => {
      s = await startSimulator({ orders: 400, seed: 52 });
      database = await createTestDatabase();
    });

    afterAll(async () => {
      for (const app of apps) {
        await app.close();
      }
      await database?.dispose();
      await s?.close();
      for (const dir of dirs) {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('never runs one store on both instances at once, and answers the live run id', async () => {
      const [a, b] = await Promise.all([boot(), boot()]);
      const ta = { server: a.app.getHttpServer() } as TestApp;
      const tb = { server: b.app.getHttpServer() } as TestApp;
      await sim(s, 'PUT', '/faults', { latencyMs: 10 });
      const store = await createStore(ta, s);
      const ids = await Promise.all(
        [ta, tb, ta, tb].map(async (x) => {
          const res = await request(x.server)
            .post(`/api/v1/stores/${store.id}/sync`)
            .set(bearer(ADMIN_KEY))
            .expect(202);
          return (res.body as { runId: string }).runId;
        }),
      );
      await Promise.all([ta, tb].map((x) => request(x.server).post(store.webhookUrl).expect(202)));
      await eventually(
        async () => {
          const history = await runs(ta, store.id);
          return history.length > 0 && history.every((r) => r.status === 'succeeded');
        },
        30_000,
        'the runs to finish',
      );
      await sim(s, 'DELETE', '/faults');
      const history = await runs(tb, store.id);
      expectSequential(history);
      // Every request was answered with a run that really happened.
      for (const id of ids) {
        expect(history.map((r) => r.id)).toContain(id);
      }
      expect(history.reduce((n, r) => n + r.ordersCreated, 0)).toBe(400);
      expect(await queueIds(s)).toEqual([]);
    });
  });
}
