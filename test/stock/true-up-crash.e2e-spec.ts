import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureBuilt } from '../../scripts/ensure-built';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import type { ProductInput } from '../../src/simulator/product-control';
import { eventually, sim, storeBody } from '../download/download-support';
import { freePort, ServiceProcess, serviceApi, startService } from '../support/service-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import type { TrueUpBody } from './stock-support';

// The real service (a child process) runs a true-up of 5,000 products, every one of them off
// target, and is killed with SIGKILL at random points (while reading Miva, then while the
// deltas go out in batches), then restarted on the same database each time. Afterwards every
// product must sit exactly at its target: a delta applied twice, or lost, would show.

jest.setTimeout(240_000);

const PRODUCTS = 5000;
const ADMIN = `trueup-crash-${randomBytes(12).toString('hex')}`;
const SECRET = randomBytes(32).toString('hex');

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('crash safety: SIGKILL during a true-up of 5,000 products', () => {
  let s: RunningSimulator;
  let database: TestDatabase;
  let db: Client;
  let dataDir: string;
  let port: number;
  let service: ServiceProcess | undefined;
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);

  const api = <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
    serviceApi(port, ADMIN)<T>(method, path, body);

  const start = async (): Promise<void> => {
    service = await startService(
      { port, databaseUrl: database.url, dataDir, adminKey: ADMIN, secretKey: SECRET },
      { LOG_LEVEL: 'warn', SYNC_SCHEDULER: 'off' },
    );
  };

  const calls = (fn: string): number => s.state.log.filter((e) => e.functions.includes(fn)).length;

  /** Kills the service once `reached` holds, after a little random jitter. */
  const killWhen = async (reached: () => boolean, random: () => number): Promise<void> => {
    await eventually(() => Promise.resolve(reached()), 60_000, 'the kill point');
    await new Promise((r) => setTimeout(r, Math.floor(random() * 40)));
    await service?.stop('SIGKILL');
    // The dead process's leases would run out after a minute; let them run out now.
    await db.query(
      `UPDATE inventory_true_ups SET leased_until = now() - interval '1 second'
        WHERE status = 'running' AND leased_until IS NOT NULL`,
    );
    await db.query(
      `UPDATE inventory_batches SET leased_until = now() - interval '1 second'
        WHERE status = 'in_flight'`,
    );
  };

  beforeAll(async () => {
    ensureBuilt();
    s = await startSimulator({ seed: 5 });
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'bridge-trueup-crash-'));
    port = await freePort();
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await db?.end();
    await database?.dispose();
    await s?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves every product at its target exactly once (seed from CRASH_SEED)', async () => {
    const random = prng(seed);
    const context = `seed ${seed}`;
    const products: ProductInput[] = [];
    const levels: { identifier: string; available: number }[] = [];
    for (let i = 0; i < PRODUCTS; i++) {
      const code = `CRASH-${String(i).padStart(5, '0')}`;
      const inventory = Math.floor(random() * 200);
      // Every product off target, up or down, by 1 to 9.
      const off = (1 + Math.floor(random() * 9)) * (random() < 0.5 ? -1 : 1);
      products.push({ code, inventory });
      levels.push({ identifier: code, available: Math.max(0, inventory + off) || inventory + 1 });
    }
    await sim(s, 'POST', '/products', { products });
    // Slow Miva a little so that kills land inside the work.
    await sim(s, 'PUT', '/faults', { latencyMs: 40 });

    await start();
    const created = await api<{ id: string }>('POST', '/api/v1/stores', {
      ...storeBody(s),
      productIdentifier: 'code',
    });
    expect(created.status).toBe(201);
    const storeId = created.body.id;
    const posted = await api<{ id: string }>('POST', '/api/v1/inventory/true-ups', {
      storeId,
      levels,
    });
    expect(posted.status).toBe(202);
    const id = posted.body.id;

    /** How far the deltas had gone when the service died. */
    const progress = async (): Promise<{ queued: number; sent: number }> => {
      const { rows } = await db.query<{ queued: number; sent: number }>(
        `SELECT count(*)::int AS queued, (count(*) FILTER (WHERE status = 'sent'))::int AS sent
           FROM inventory_events WHERE true_up_id = $1`,
        [id],
      );
      return rows[0] ?? { queued: 0, sent: 0 };
    };
    // 1. While Miva's stock is read.
    await killWhen(() => calls('ProductList_Load_Query') > 0, random);
    const atKills = [await progress()];
    await start();
    // 2 and 3. While the deltas go out, ten batches of 500 products.
    for (const atLeast of [1 + Math.floor(random() * 3), 4 + Math.floor(random() * 3)]) {
      const before = calls('ProductList_Adjust_Inventory');
      await killWhen(() => calls('ProductList_Adjust_Inventory') >= before + atLeast, random);
      atKills.push(await progress());
      await start();
    }
    await sim(s, 'DELETE', '/faults');

    const done = await eventually(
      async () => {
        const res = await api<TrueUpBody>('GET', `/api/v1/inventory/true-ups/${id}`);
        return res.body.status === 'running' ? undefined : res.body;
      },
      120_000,
      'the true-up to finish',
    );
    expect({ context, status: done.status, counts: done.counts }).toEqual({
      context,
      status: 'succeeded',
      counts: {
        products: PRODUCTS,
        inSync: 0,
        drifted: PRODUCTS,
        applied: PRODUCTS,
        unknown: 0,
        untracked: 0,
        failed: 0,
      },
    });
    const wrong = levels.filter(
      ({ identifier, available }) =>
        s.state.findProduct({ code: identifier })[0]?.product_inventory !== available,
    );
    expect({ context, wrong: wrong.slice(0, 10), count: wrong.length }).toEqual({
      context,
      wrong: [],
      count: 0,
    });
    // The kills landed inside the work: the second and third with every delta queued and only
    // part of them delivered.
    const midway = atKills.slice(1).filter((p) => p.queued === PRODUCTS && p.sent < PRODUCTS);
    expect({ context, atKills, midway: midway.length }).toEqual({ context, atKills, midway: 2 });
  });
});
