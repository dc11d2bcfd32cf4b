// Reconciliation (docs/REST.md, "Reconciliation"; docs/OPERATIONS.md, "Reconciliation"): the real
// app and the Miva simulator over HTTP, the simulator's call log showing what was read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { BridgeApp, createBridgeApp } from '../../src/bridge-app';
import { first, must } from '../../src/common/must';
import { loadConfig } from '../../src/config/app-config';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import {
  ingestSettingsOf,
  OrderIngestService,
} from '../../src/modules/orders/order-ingest.service';
import { ReconcileService } from '../../src/modules/orders/reconcile/reconcile.service';
import { StoresRepository } from '../../src/modules/stores/stores.repository';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { startDownloadApp } from '../download/download-app';
import {
  closeAll,
  createStore,
  eventually,
  getStore,
  runs,
  sim,
  sorted,
  StoredOrders,
  syncNow,
  waitForRun,
  type SyncRun,
} from '../download/download-support';
import { ADMIN_KEY, bearer, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const admin = bearer(ADMIN_KEY);
const ORDERS = 60;
// Small pages, so that a listing is split into id ranges and downloads into several chunks.
const TUNING = { pageSize: 10, reconcileListPageSize: 25 };

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}

describe('reconciliation', () => {
  let t: TestApp;
  let s: RunningSimulator;
  let db: StoredOrders;

  beforeAll(async () => {
    s = await startSimulator({ orders: ORDERS, seed: 61 });
    t = await startDownloadApp({}, TUNING);
    db = await StoredOrders.open(t);
  });

  afterAll(() => closeAll(db, t, s));

  const lastSeq = (): number => s.state.log.at(-1)?.seq ?? 0;
  const callsSince = (seq: number): string[] =>
    s.state.log.filter((e) => e.seq > seq).flatMap((e) => e.functions);

  async function reconcile(storeId: string, body: Record<string, unknown> = {}): Promise<string> {
    const res = await request(t.server)
      .post(`/api/v1/stores/${storeId}/reconcile`)
      .set(admin)
      .send(body)
      .expect(202);
    return (res.body as { runId: string }).runId;
  }

  async function reconciled(storeId: string, body: Record<string, unknown> = {}): Promise<SyncRun> {
    return waitForRun(t, storeId, await reconcile(storeId, body), 20_000);
  }

  /** Adds an order to Miva without queueing it (a workflow that skipped it, a lost flag). */
  async function addUnqueued(seed: number): Promise<number> {
    const { ids } = await sim<{ ids: number[] }>(s, 'POST', '/orders', {
      count: 1,
      seed,
      enqueue: false,
    });
    return first(ids, 'the added order');
  }

  // One store for the flow tests: its orders downloaded from the queue first.
  let storeId: string;
  const allOrders = (): number => s.state.orders.size;

  beforeAll(async () => {
    // A window of 31 days holds every generated order (placed up to 30 days ago).
    const store = await createStore(t, s, { reconcileDays: 31 });
    storeId = store.id;
    expect((await syncNow(t, storeId)).ordersCreated).toBe(ORDERS);
  });

  it('takes reconcileDays on the store (0 to 90, default 2) and returns it', async () => {
    expect((await getStore(t, storeId)).download).toMatchObject({ reconcileDays: 31 });
    const other = await createStore(t, s);
    expect((await getStore(t, other.id)).download).toMatchObject({ reconcileDays: 2 });
    const patched = await request(t.server)
      .patch(`/api/v1/stores/${other.id}`)
      .set(admin)
      .send({ download: { reconcileDays: 0 } })
      .expect(200);
    expect((patched.body as { download: unknown }).download).toMatchObject({ reconcileDays: 0 });
    const refused = await request(t.server)
      .patch(`/api/v1/stores/${other.id}`)
      .set(admin)
      .send({ download: { reconcileDays: 91 } })
      .expect(400);
    expect((refused.body as ErrorBody).error.details).toEqual([
      expect.objectContaining({ field: 'download.reconcileDays' }),
    ]);
    await request(t.server).delete(`/api/v1/stores/${other.id}`).set(admin).expect(204);
  });

  it('recovers an order the queue never delivered, reading no queue and acknowledging nothing', async () => {
    const lost = await addUnqueued(101);
    // The queue download does not see it.
    expect((await syncNow(t, storeId)).ordersSeen).toBe(0);
    expect((await db.revisions(storeId)).has(lost)).toBe(false);

    const seq = lastSeq();
    const run = await reconciled(storeId, { refetch: 'missing' });
    expect(run).toMatchObject({
      trigger: 'reconcile',
      status: 'succeeded',
      // The default window: the store's 31 days, which hold every order.
      ordersSeen: allOrders(),
      ordersCreated: 1,
      ordersUpdated: 0,
      ordersAcknowledged: 0,
      error: null,
    });
    expect((await db.revisions(storeId)).get(lost)).toBe(1);
    const calls = callsSince(seq);
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls)).toEqual(new Set(['OrderList_Load_Query']));
  });

  it('changed: downloads an order updated in Miva (missing does not), then nothing more', async () => {
    const changed = first(sorted((await db.revisions(storeId)).keys()), 'a stored order');
    // Changed in Miva without being queued again.
    await sim(s, 'PATCH', `/orders/${changed}`, {
      fields: { ship_fname: 'Reconciled' },
      requeue: false,
    });

    expect(await reconciled(storeId, { refetch: 'missing' })).toMatchObject({
      status: 'succeeded',
      ordersCreated: 0,
      ordersUpdated: 0,
    });
    expect((await db.revisions(storeId)).get(changed)).toBe(1);

    expect(await reconciled(storeId, { refetch: 'changed', concurrency: 4 })).toMatchObject({
      status: 'succeeded',
      ordersSeen: allOrders(),
      ordersCreated: 0,
      ordersUpdated: 1,
    });
    expect((await db.revisions(storeId)).get(changed)).toBe(2);
    expect((await db.raw(storeId)).get(changed)?.shipFirstName).toBe('Reconciled');

    // Every stored copy is now as new as Miva's: the next run only lists. With pages of 25,
    // 61 orders and concurrency 2: the first page, the highest id, two ranges of one page each.
    const seq = lastSeq();
    expect(await reconciled(storeId, { refetch: 'changed' })).toMatchObject({
      ordersSeen: allOrders(),
      ordersCreated: 0,
      ordersUpdated: 0,
    });
    expect(callsSince(seq)).toHaveLength(4);
  });

  it('all: re-reads every order in the window and makes no new revision when nothing changed', async () => {
    const before = await db.revisions(storeId);
    const startedAt = new Date();
    expect(await reconciled(storeId, { refetch: 'all', concurrency: 3 })).toMatchObject({
      status: 'succeeded',
      ordersSeen: allOrders(),
      ordersCreated: 0,
      ordersUpdated: 0,
      ordersFailed: 0,
    });
    const reread = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM miva_orders WHERE store_id = $1 AND downloaded_at >= $2',
      [storeId, startedAt],
    );
    expect(Number(first(reread).n)).toBe(allOrders());
    expect(await db.revisions(storeId)).toEqual(before);
    expect(await db.count(storeId)).toMatchObject({ duplicates: 0 });
  });

  it('lists only the orders placed in [from, to)', async () => {
    const placed = [...s.state.orders.values()].map((r) => r.order.orderdate).sort((a, b) => a - b);
    // From the 11th oldest order (inclusive) to the 41st (exclusive): 30 orders, unless two
    // share a second (the generator spreads them over 30 days).
    const from = first(placed.slice(10));
    const to = first(placed.slice(40));
    const expected = placed.filter((at) => at >= from && at < to).length;
    const run = await reconciled(storeId, {
      from: new Date(from * 1000).toISOString(),
      to: new Date(to * 1000).toISOString(),
      refetch: 'all',
    });
    expect(run).toMatchObject({ status: 'succeeded', ordersSeen: expected });
  });

  it('runs one reconciliation per store at a time, beside the downloads', async () => {
    // Slow enough that the reconciliation (7 reads one at a time) outlasts a download (1 read).
    await sim(s, 'PUT', '/faults', { latencyMs: 100 });
    try {
      const [a, b] = await Promise.all([
        reconcile(storeId, { refetch: 'all', concurrency: 1 }),
        reconcile(storeId, { refetch: 'missing' }),
      ]);
      expect(b).toBe(a);
      // A download is not held up by it.
      const download = await syncNow(t, storeId);
      expect(download).toMatchObject({ trigger: 'manual', status: 'succeeded' });
      expect(download.id).not.toBe(a);
      expect(await reconcile(storeId)).toBe(a);
      expect(await waitForRun(t, storeId, a, 20_000)).toMatchObject({ status: 'succeeded' });
    } finally {
      await sim(s, 'DELETE', '/faults');
    }
    const reconciles = (await runs(t, storeId)).filter((r) => r.trigger === 'reconcile');
    expect(reconciles.filter((r) => r.status === 'running')).toEqual([]);
  });

  it('fails the run with Miva’s reason; a refusal pauses the store, a later success resumes it', async () => {
    await sim(s, 'PUT', '/token', { enabled: false });
    let run: SyncRun;
    try {
      run = await reconciled(storeId, { refetch: 'missing' });
    } finally {
      await sim(s, 'PUT', '/token', { enabled: true });
    }
    expect(run).toMatchObject({ trigger: 'reconcile', status: 'failed' });
    expect(run.error).toMatch(/access_denied/);
    expect(await getStore(t, storeId)).toMatchObject({ status: 'unauthorized' });
    const open = await request(t.server)
      .get('/api/v1/exceptions')
      .query({ storeId, code: 'UNAUTHORIZED' })
      .set(admin)
      .expect(200);
    expect((open.body as { data: unknown[] }).data).toHaveLength(1);

    // Asked for by a person, it still tries; succeeding, the store is active again.
    expect(await reconciled(storeId, { refetch: 'missing' })).toMatchObject({
      status: 'succeeded',
    });
    expect(await getStore(t, storeId)).toMatchObject({ status: 'active', statusMessage: null });
  });

  it('never writes an order over a newer version a download committed meanwhile', async () => {
    const ingest = t.bridge.app.get(OrderIngestService);
    const settings = ingestSettingsOf(
      must((await t.bridge.app.get(StoresRepository).findById(storeId)) ?? undefined, 'the store'),
    );
    const id = first(sorted((await db.revisions(storeId)).keys()).slice(-1));
    const current = await sim<MivaOrder>(s, 'GET', `/orders/${id}`);
    const at = must(current.dt_updated, 'the order’s dt_updated');
    const newer = { ...current, ship_fname: 'Newer', dt_updated: at + 100 };
    const older = { ...current, ship_fname: 'Older', dt_updated: at + 50 };
    // The download's commit of the newer version, then the reconciliation's of what it read first.
    await ingest.ingest(settings, [newer]);
    const revision = (await db.revisions(storeId)).get(id);
    const result = await ingest.write(settings, ingest.prepare(settings, [older]), {
      keepNewer: true,
    });
    expect(result).toMatchObject({ created: 0, updated: 0, committedIds: [] });
    expect((await db.raw(storeId)).get(id)?.shipFirstName).toBe('Newer');
    expect((await db.revisions(storeId)).get(id)).toBe(revision);
    // Without the guard (a plain download) the older version would have won.
    await ingest.write(settings, ingest.prepare(settings, [older]));
    expect((await db.raw(storeId)).get(id)?.shipFirstName).toBe('Older');
    await ingest.ingest(settings, [current]);
  });

  describe('requests it refuses', () => {
    async function refused(
      body: unknown,
      status = 400,
      path = `/api/v1/stores/${storeId}/reconcile`,
    ): Promise<ErrorBody['error']> {
      const res = await request(t.server)
        .post(path)
        .set(admin)
        .send(body as object);
      expect(res.status).toBe(status);
      return (res.body as ErrorBody).error;
    }

    it.each([
      [{ from: '2026-01-02T00:00:00Z', to: '2026-01-02T00:00:00Z' }, 'from'],
      [{ from: '2026-01-03T00:00:00Z', to: '2026-01-02T00:00:00Z' }, 'from'],
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2026-13-01T00:00:00Z' }, 'to'],
      [{ concurrency: 0 }, 'concurrency'],
      [{ concurrency: 9 }, 'concurrency'],
      [{ concurrency: 1.5 }, 'concurrency'],
      [{ refetch: 'everything' }, 'refetch'],
      [{ since: '2026-01-01T00:00:00Z' }, 'since'],
    ])('%j: 400 VALIDATION_FAILED naming %s', async (body, field) => {
      const seq = lastSeq();
      const error = await refused(body);
      expect(error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ field })],
      });
      expect(callsSince(seq)).toEqual([]);
    });

    it('404 for a store that does not exist or is outside the key’s stores; 403 without config:write', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect(await refused({}, 404, `/api/v1/stores/${unknown}/reconcile`)).toMatchObject({
        code: 'NOT_FOUND',
      });
      const other = await createStore(t, s);
      const key = async (scopes: string[], storeIds: string[]): Promise<string> => {
        const res = await request(t.server)
          .post('/api/v1/api-keys')
          .set(admin)
          .send({ name: `reconcile-${scopes.join('-')}`, scopes, storeIds })
          .expect(201);
        return (res.body as { key: string }).key;
      };
      const scoped = await key(['config:write'], [other.id]);
      await request(t.server)
        .post(`/api/v1/stores/${storeId}/reconcile`)
        .set(bearer(scoped))
        .send({})
        .expect(404);
      const reader = await key(['orders:read'], [storeId]);
      await request(t.server)
        .post(`/api/v1/stores/${storeId}/reconcile`)
        .set(bearer(reader))
        .send({})
        .expect(403);
      // The scoped key may reconcile its own store (every field defaulted).
      const runId = (
        await request(t.server)
          .post(`/api/v1/stores/${other.id}/reconcile`)
          .set(bearer(scoped))
          .send({})
          .expect(202)
      ).body as { runId: string };
      expect(await waitForRun(t, other.id, runId.runId)).toMatchObject({
        trigger: 'reconcile',
        status: 'succeeded',
      });
      await request(t.server).delete(`/api/v1/stores/${other.id}`).set(admin).expect(204);
    });

    it('409 for a disabled store', async () => {
      const other = await createStore(t, s, {}, { enabled: false });
      expect(await refused({}, 409, `/api/v1/stores/${other.id}/reconcile`)).toMatchObject({
        code: 'CONFLICT',
      });
    });
  });
});

// The daily reconciliation, with two instances on one database: each due store is claimed by
// exactly one of them (next_reconcile_at moved ahead in the claiming statement).
describe('scheduled reconciliation across two instances', () => {
  let database: TestDatabase;
  let s: RunningSimulator;
  const apps: BridgeApp[] = [];
  const dirs: string[] = [];

  const boot = async (): Promise<BridgeApp> => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bridge-reconcile-'));
    dirs.push(dataDir);
    const bridge = await createBridgeApp(
      loadConfig({
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        ADMIN_API_KEY: ADMIN_KEY,
        SECRET_KEY: 'cd'.repeat(32),
        LOG_LEVEL: 'silent',
        SYNC_SCHEDULER: 'on',
      }),
      { download: TUNING },
    );
    await bridge.app.listen(0, '127.0.0.1');
    apps.push(bridge);
    return bridge;
  };

  beforeAll(async () => {
    s = await startSimulator({ orders: 30, seed: 62 });
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

  it('runs a due store once, on one instance, and schedules the next a day later', async () => {
    // One after the other: on embedded PGlite the migration lock excludes nothing.
    const a = await boot();
    const b = await boot();
    const ta = { server: a.app.getHttpServer(), database } as TestApp;
    // Created first, never due: no tick may reconcile it.
    const bystander = await createStore(ta, s);
    const store = await createStore(ta, s);
    // Not due at first: a day after creation.
    const stored = await StoredOrders.open(ta);
    try {
      const schedule = async (): Promise<{ due: boolean; next: Date | null }> => {
        const [row] = await stored.query<{ due: boolean; next: Date | null }>(
          `SELECT COALESCE(next_reconcile_at, created_at + interval '1 day') <= now() AS due,
                  next_reconcile_at AS next FROM stores WHERE id = $1`,
          [store.id],
        );
        return first([row]) as { due: boolean; next: Date | null };
      };
      expect(await schedule()).toEqual({ due: false, next: null });
      expect(await a.app.get(StoresRepository).claimDueReconciles(10, 60)).toEqual([]);

      // The claim itself, from both instances at once, many times: one winner.
      await stored.query(
        `UPDATE stores SET next_reconcile_at = now() - interval '1 minute' WHERE id = $1`,
        [store.id],
      );
      await Promise.all([a, b, a, b].map((app) => app.app.get(ReconcileService).tick()));
      const scheduled = await eventually(
        async () => {
          const found = (await runs(ta, store.id)).filter((r) => r.trigger === 'reconcile');
          return found.length > 0 && found.every((r) => r.status !== 'running') && found;
        },
        20_000,
        'the scheduled reconciliation to finish',
      );
      expect(scheduled).toHaveLength(1);
      expect(scheduled[0]).toMatchObject({ status: 'succeeded' });
      const next = (await schedule()).next;
      expect(next).not.toBeNull();
      const ahead = (next?.getTime() ?? 0) - Date.now();
      expect(ahead).toBeGreaterThan(23 * 3600 * 1000);
      expect(ahead).toBeLessThanOrEqual(24 * 3600 * 1000);

      // Due again: the instances' own ticks (every 5 s) pick it up, once.
      await stored.query(
        `UPDATE stores SET next_reconcile_at = now() - interval '1 minute' WHERE id = $1`,
        [store.id],
      );
      await eventually(
        async () => {
          const found = (await runs(ta, store.id)).filter((r) => r.trigger === 'reconcile');
          return found.length === 2 && found.every((r) => r.status === 'succeeded');
        },
        20_000,
        'the ticks to reconcile the store again',
      );
      expect((await schedule()).due).toBe(false);
      const reconciles = (await runs(ta, store.id)).filter((r) => r.trigger === 'reconcile');
      expect(reconciles).toHaveLength(2);
      expect((await runs(ta, bystander.id)).filter((r) => r.trigger === 'reconcile')).toEqual([]);
    } finally {
      await stored.close();
    }
  });
});
