// GET /api/v1/stores/:id/health (docs/OPERATIONS.md, "Store health"), against the real app, its
// database and the Miva simulator: failing while Miva refuses the token and back to ok after a
// PATCH and a good run; failing after 3 failed runs and after too long without a success; a
// warning for relay work waiting more than 10 minutes and for open exceptions; store scoping.
import request from 'supertest';
import { must } from '../../src/common/must';
import { bearer } from '../support/test-app';
import { addOrders, createStore, runs, SyncRun, syncNow } from '../download/download-support';
import {
  ADMIN_KEY,
  eventually,
  insertSimulatorStore,
  RelayEnv,
  seedOrder,
  sim,
  startRelayEnv,
} from '../shipments/relay-fixtures';

const admin = bearer(ADMIN_KEY);

interface RelayCounts {
  pending: number;
  failed: number;
  oldestPendingAt: string | null;
}

interface Health {
  state: 'ok' | 'warning' | 'failing';
  reasons: string[];
  status: string;
  lastSuccessfulSyncAt: string | null;
  lastRun: {
    id: string;
    trigger: string;
    status: string;
    finishedAt: string | null;
    error: string | null;
  } | null;
  consecutiveFailedRuns: number;
  orders: { stored: number; unacknowledged: number; oldestUnacknowledgedAt: string | null };
  relay: Record<'shipments' | 'cancellations' | 'backorders' | 'inventory', RelayCounts>;
  openExceptions: number;
}

const idle: RelayCounts = { pending: 0, failed: 0, oldestPendingAt: null };

describe('store health', () => {
  let env: RelayEnv;

  beforeAll(async () => {
    env = await startRelayEnv();
  });

  afterEach(async () => {
    await sim(env.sim, 'DELETE', '/faults');
    await sim(env.sim, 'PUT', '/token', { enabled: true });
  });

  afterAll(async () => {
    await env.close();
  });

  async function health(storeId: string, key = admin, status = 200): Promise<Health> {
    const res = await request(env.t.server)
      .get(`/api/v1/stores/${storeId}/health`)
      .set(key)
      .expect(status);
    return res.body as Health;
  }

  /**
   * The health once `ready` holds: what a run changes on its store after the run is recorded
   * finished (status, store exceptions) lands a moment later.
   */
  async function healthWhen(
    storeId: string,
    ready: (h: Health) => boolean,
    what: string,
  ): Promise<Health> {
    return eventually(
      async () => {
        const h = await health(storeId);
        return ready(h) ? h : undefined;
      },
      20_000,
      what,
    );
  }

  /**
   * A new download run, finished. (Asked for right after a run, a sync may answer that run while
   * it is still being recorded: ask again until the answer is a new run.)
   */
  async function freshRun(storeId: string): Promise<SyncRun> {
    const before = (await runs(env.t, storeId))[0]?.id;
    for (let i = 0; i < 10; i++) {
      const run = await syncNow(env.t, storeId);
      if (run.id !== before) {
        return run;
      }
    }
    throw new Error(`no new run of store ${storeId}`);
  }

  /** Dismisses the store's open exceptions (generated orders may carry a TOTAL_MISMATCH). */
  async function dismissAll(storeId: string): Promise<void> {
    const res = await request(env.t.server)
      .get('/api/v1/exceptions')
      .query({ storeId, limit: 500 })
      .set(admin)
      .expect(200);
    for (const e of (res.body as { data: { id: string }[] }).data) {
      await request(env.t.server).post(`/api/v1/exceptions/${e.id}/dismiss`).set(admin).expect(200);
    }
  }

  it('turns failing while Miva refuses the token, and ok again after a PATCH and a good run', async () => {
    const store = await createStore(env.t, env.sim);
    await addOrders(env.sim, 3, 41);
    const good = await freshRun(store.id);
    expect(good.status).toBe('succeeded');
    await dismissAll(store.id);

    const ok = await health(store.id);
    expect(ok).toMatchObject({
      state: 'ok',
      reasons: [],
      status: 'active',
      lastSuccessfulSyncAt: good.finishedAt,
      lastRun: { id: good.id, trigger: 'manual', status: 'succeeded', error: null },
      consecutiveFailedRuns: 0,
      relay: { shipments: idle, cancellations: idle, backorders: idle, inventory: idle },
      openExceptions: 0,
    });
    expect(ok.orders.stored).toBe(3);
    const feed = await request(env.t.server)
      .get('/api/v1/orders')
      .query({ storeId: store.id, acknowledged: 'false', limit: 500 })
      .set(admin)
      .expect(200);
    const unacked = (feed.body as { data: { id: string; revision: number; changedAt: string }[] })
      .data;
    expect(ok.orders.unacknowledged).toBe(unacked.length);
    expect(ok.orders.oldestUnacknowledgedAt).toBe(
      unacked.map((o) => o.changedAt).sort()[0] ?? null,
    );

    // The token is revoked in Miva: the next download is refused and the store paused.
    await sim(env.sim, 'PUT', '/token', { enabled: false });
    const refused = await freshRun(store.id);
    expect(refused.status).toBe('failed');
    const failing = await healthWhen(
      store.id,
      (h) => h.status === 'unauthorized' && h.openExceptions === 1,
      'the store paused, with its UNAUTHORIZED exception',
    );
    expect(failing).toMatchObject({
      state: 'failing',
      status: 'unauthorized',
      consecutiveFailedRuns: 1,
      lastRun: { id: refused.id, status: 'failed' },
      lastSuccessfulSyncAt: good.finishedAt,
    });
    expect(failing.reasons[0]).toMatch(
      /^Miva refuses the store's credentials \(.*Token is disabled/,
    );
    // The UNAUTHORIZED exception is also open: a warning reason after the failing one.
    expect(failing.openExceptions).toBe(1);
    expect(failing.reasons.at(-1)).toBe('1 open exception to look at');

    // A good token again, patched in (checked with Miva), then a good run.
    await sim(env.sim, 'PUT', '/token', { enabled: true });
    await request(env.t.server)
      .patch(`/api/v1/stores/${store.id}`)
      .set(admin)
      .send({ accessToken: env.sim.accessToken })
      .expect(200);
    const patched = await health(store.id);
    expect(patched.status).toBe('active');
    expect(patched.state).not.toBe('failing');
    const again = await freshRun(store.id);
    expect(again.status).toBe('succeeded');
    const recovered = await healthWhen(
      store.id,
      (h) => h.openExceptions === 0,
      'the UNAUTHORIZED exception to resolve',
    );
    expect(recovered).toMatchObject({
      state: 'ok',
      reasons: [],
      status: 'active',
      consecutiveFailedRuns: 0,
      lastSuccessfulSyncAt: again.finishedAt,
      openExceptions: 0,
    });
  });

  it('is failing after 3 failed runs in a row, and after too long without a successful run', async () => {
    const store = await createStore(env.t, env.sim, { pollIntervalSeconds: 600 });
    expect((await freshRun(store.id)).status).toBe('succeeded');
    await dismissAll(store.id);
    await sim(env.sim, 'PUT', '/faults', { apiOffline: true });
    for (let i = 0; i < 2; i++) {
      expect((await freshRun(store.id)).status).toBe('failed');
    }
    expect((await health(store.id)).state).toBe('ok');
    expect((await freshRun(store.id)).status).toBe('failed');
    const failing = await health(store.id);
    expect(failing.state).toBe('failing');
    expect(failing.consecutiveFailedRuns).toBe(3);
    expect(failing.reasons[0]).toMatch(/^3 download runs failed in a row; the last: .*offline/i);

    await sim(env.sim, 'DELETE', '/faults');
    expect((await freshRun(store.id)).status).toBe('succeeded');
    const ok = await healthWhen(
      store.id,
      (h) => h.openExceptions === 0,
      'the SYNC_FAILING exception to resolve',
    );
    expect(ok).toMatchObject({ state: 'ok', consecutiveFailedRuns: 0 });

    // Two hours without a download: more than 3 poll intervals (30 min) and the 1-hour floor.
    await env.dataSource.query(
      `UPDATE sync_runs SET started_at = started_at - interval '2 hours',
              finished_at = finished_at - interval '2 hours' WHERE store_id = $1`,
      [store.id],
    );
    const stale = await health(store.id);
    expect(stale.state).toBe('failing');
    expect(stale.reasons).toEqual([
      expect.stringMatching(
        /^No download has succeeded for 2 h, since .* \(expected within 1 h\)$/,
      ),
    ]);
    // A disabled store is not held to its schedule.
    await request(env.t.server)
      .patch(`/api/v1/stores/${store.id}`)
      .set(admin)
      .send({ enabled: false })
      .expect(200);
    expect(await health(store.id)).toMatchObject({ state: 'ok', status: 'disabled' });
  });

  it('is a warning while relay work has waited more than 10 minutes', async () => {
    const storeId = await insertSimulatorStore(env.t.bridge, env.sim);
    const { orderId } = await seedOrder(env, storeId, 61, [2]);
    // Disabled: its work waits as pending.
    await request(env.t.server)
      .patch(`/api/v1/stores/${storeId}`)
      .set(admin)
      .send({ enabled: false })
      .expect(200);
    const mapped = await request(env.t.server).get(`/api/v1/orders/${orderId}`).set(admin);
    const lines = (mapped.body as { lines: { lineId: string; kind: string }[] }).lines;
    const { lineId } = must(
      lines.find((l) => l.kind === 'product'),
      'a product line',
    );
    // The first line (quantity 2): one shipped, one cancelled.
    await request(env.t.server)
      .post(`/api/v1/orders/${orderId}/shipments`)
      .set(admin)
      .send({ shipmentRef: 'HELD-1', lines: [{ lineId, quantity: 1 }] })
      .expect(202);
    await request(env.t.server)
      .post(`/api/v1/orders/${orderId}/cancellations`)
      .set(admin)
      .send({ cancellationRef: 'HELD-CXL-1', lines: [{ lineId, quantity: 1 }] })
      .expect(202);
    await request(env.t.server)
      .post('/api/v1/inventory/adjustments')
      .set(admin)
      .send({ storeId, adjustments: [{ eventId: 'held-1', identifier: 'PRT010', delta: 1 }] })
      .expect(202);

    const fresh = await health(storeId);
    expect(fresh).toMatchObject({ state: 'ok', status: 'disabled', reasons: [] });
    expect(fresh.relay.shipments).toMatchObject({ pending: 1, failed: 0 });
    expect(fresh.relay.cancellations).toMatchObject({ pending: 1, failed: 0 });
    expect(fresh.relay.backorders).toEqual(idle);
    expect(fresh.relay.inventory).toMatchObject({ pending: 1, failed: 0 });
    expect(fresh.relay.shipments.oldestPendingAt).toEqual(expect.any(String));

    await env.dataSource.query(
      `UPDATE shipments SET created_at = now() - interval '11 minutes' WHERE store_id = $1`,
      [storeId],
    );
    await env.dataSource.query(
      `UPDATE inventory_events SET created_at = now() - interval '25 minutes' WHERE store_id = $1`,
      [storeId],
    );
    const waiting = await health(storeId);
    expect(waiting.state).toBe('warning');
    expect(waiting.reasons).toEqual([
      expect.stringMatching(/^1 shipment waiting to reach Miva, the oldest for 11 min \(since /),
      expect.stringMatching(/^1 inventory change waiting to reach Miva, the oldest for 25 min/),
    ]);
  });

  it('is a warning while exceptions are open', async () => {
    const storeId = await insertSimulatorStore(env.t.bridge, env.sim);
    await request(env.t.server)
      .post('/api/v1/inventory/adjustments')
      .set(admin)
      .send({ storeId, adjustments: [{ eventId: 'ghost-1', identifier: 'NO-SUCH-SKU', delta: 1 }] })
      .expect(202);
    const warned = await eventually(
      async () => {
        const h = await health(storeId);
        return h.openExceptions === 1 ? h : undefined;
      },
      20_000,
      'the exception to open',
    );
    expect(warned).toMatchObject({
      state: 'warning',
      reasons: ['1 open exception to look at'],
      relay: { inventory: { pending: 0, failed: 1, oldestPendingAt: null } },
      lastRun: null,
      lastSuccessfulSyncAt: null,
    });
  });

  it('is scoped like the store: 404 outside the key’s stores, 403 without the scope', async () => {
    const storeId = await insertSimulatorStore(env.t.bridge, env.sim);
    const other = await insertSimulatorStore(env.t.bridge, env.sim);
    const key = async (scopes: string[], storeIds: string[]): Promise<Record<string, string>> => {
      const res = await request(env.t.server)
        .post('/api/v1/api-keys')
        .set(admin)
        .send({ name: 'health', scopes, storeIds })
        .expect(201);
      return bearer(res.body.key as string);
    };
    const reader = await key(['orders:read'], [storeId]);
    expect((await health(storeId, reader)).state).toBe('ok');
    const hidden = await request(env.t.server)
      .get(`/api/v1/stores/${other}/health`)
      .set(reader)
      .expect(404);
    expect(hidden.body.error.code).toBe('NOT_FOUND');
    await health(storeId, await key(['config:write'], [storeId]));
    await health(storeId, await key(['inventory:write'], [storeId]), 403);
    await health('00000000-0000-4000-8000-000000000000', admin, 404);
    await health('nope', admin, 400);
  });
});
