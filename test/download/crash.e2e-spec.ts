import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureBuilt } from '../../scripts/ensure-built';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { freePort, ServiceProcess, serviceApi, startService } from '../support/service-process';
import type { TestDatabase } from '../support/test-database';
import { createTestDatabase } from '../support/test-database';
import { queueIds, sim, sorted, storeBody, SyncRun } from './download-support';

// The real service downloads a backfill of a few thousand simulator orders with queue_ack and is
// killed with SIGKILL at random points, several times, then restarted each time on the same
// database. Invariants: at every kill, every order Miva considers acknowledged is stored; at
// the end every order is stored exactly once (one row, revision 1) and the queue is drained.

jest.setTimeout(180_000);

const ORDERS = 3000;
const KILLS = 4;
const ADMIN = `crash-admin-${randomBytes(12).toString('hex')}`;
const SECRET = randomBytes(32).toString('hex');

/** Deterministic "random" kill points, reproducible from the seed printed on failure. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('crash safety: SIGKILL during a queue_ack backfill', () => {
  let s: RunningSimulator;
  let database: TestDatabase;
  let db: Client;
  let dataDir: string;
  let port: number;
  let service: ServiceProcess | undefined;
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);

  const api = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    serviceApi(port, ADMIN)(method, path, body);

  const start = async (): Promise<void> => {
    service = await startService(
      { port, databaseUrl: database.url, dataDir, adminKey: ADMIN, secretKey: SECRET },
      { LOG_LEVEL: 'warn', SYNC_SCHEDULER: 'on' },
    );
  };

  const storedIds = async (): Promise<number[]> =>
    (await db.query<{ id: number }>('SELECT miva_order_id AS id FROM orders ORDER BY 1')).rows.map(
      (r) => r.id,
    );

  beforeAll(async () => {
    ensureBuilt();
    s = await startSimulator({ orders: ORDERS, seed: 31 });
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'bridge-crash-'));
    port = await freePort();
  });

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await db?.end();
    await database?.dispose();
    await s?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`stores every order exactly once across ${KILLS} kills (seed from CRASH_SEED)`, async () => {
    const random = prng(seed);
    const context = `seed ${seed}`;
    // Slow Miva a little so that kills land inside downloads.
    await sim(s, 'PUT', '/faults', { latencyMs: 10 });
    await start();
    db = new Client({ connectionString: database.url });
    await db.connect();
    const created = await api('POST', '/api/v1/stores', {
      ...storeBody(s, { pollIntervalSeconds: 10 }),
    });
    expect(created.status).toBe(201);
    const storeId = (created.body as { id: string }).id;

    // A run of this life: the killed process's run still shows `running` until it is detected.
    const dead = new Set<string>();
    const runningRun = async (): Promise<string | undefined> => {
      const res = await api('GET', `/api/v1/stores/${storeId}/sync-runs?limit=20`);
      return (res.body as SyncRun[]).find((r) => r.status === 'running' && !dead.has(r.id))?.id;
    };
    const killedWith: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      // Kill at a random point inside a download: wait for one to be running first.
      let running: string | undefined;
      for (let i = 0; i < 200 && running === undefined; i++) {
        running = await runningRun();
        if (running === undefined) {
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      if (running !== undefined) {
        dead.add(running);
      }
      // Then kill once the backfill has moved a random part of the way on from here (often right
      // after a page commits, before its acknowledgement), plus a little jitter. Progress, not
      // wall time, decides: a fast machine must not finish the backfill before the kill.
      const before = (await storedIds()).length;
      const target = before + 1 + Math.floor(random() * ((ORDERS - before) / 2));
      for (let i = 0; i < 2000 && (await storedIds()).length < target; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, Math.floor(random() * 50)));
      await service!.stop('SIGKILL');
      const acknowledged = await queueIds(s, 'successfully_retrieved_orders');
      const stored = new Set(await storedIds());
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect({ context, kill, lost }).toEqual({ context, kill, lost: [] });
      killedWith.push(stored.size);
      await start();
    }
    // Most kills must have hit the backfill in progress, or the test proves little.
    expect({ context, killedWith: killedWith.filter((n) => n < ORDERS).length >= 2 }).toEqual({
      context,
      killedWith: true,
    });

    await sim(s, 'DELETE', '/faults');
    // Let the restarted service finish; a manual sync joins or follows the scheduled one.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const started = await api('POST', `/api/v1/stores/${storeId}/sync`);
      expect(started.status).toBe(202);
      const runId = (started.body as { runId: string }).runId;
      let run: SyncRun | undefined;
      while (run?.status !== 'succeeded' && run?.status !== 'failed') {
        await new Promise((r) => setTimeout(r, 100));
        const list = (await api('GET', `/api/v1/stores/${storeId}/sync-runs?limit=100`))
          .body as SyncRun[];
        run = list.find((r) => r.id === runId);
      }
      if (run.status === 'succeeded' && (await queueIds(s)).length === 0) {
        break;
      }
      expect(Date.now()).toBeLessThan(deadline);
    }

    const all = (await sim<{ data: { id: number }[] }>(s, 'GET', '/orders')).data.map((o) => o.id);
    expect(await storedIds()).toEqual(all);
    const rows = await db.query<{ orders: string; raw: string; revised: string }>(
      `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM miva_orders) AS raw,
              (SELECT count(*) FROM orders WHERE revision <> 1) AS revised`,
    );
    expect(rows.rows[0]).toEqual({ orders: String(ORDERS), raw: String(ORDERS), revised: '0' });
    expect(await queueIds(s)).toEqual([]);
    expect(sorted(await queueIds(s, 'successfully_retrieved_orders'))).toEqual(all);

    // The killed downloads are shown as interrupted, and none is left running.
    const history = (await api('GET', `/api/v1/stores/${storeId}/sync-runs?limit=100`))
      .body as SyncRun[];
    expect(history.some((r) => r.status === 'running')).toBe(false);
    expect(history.filter((r) => r.error === 'interrupted').length).toBeGreaterThanOrEqual(2);
  });
});
