// Remap as a background run (docs/REST.md, "Mappings and remap"): a sync run with trigger
// `remap`, one per store across instances, interrupted runs of dead processes, and the exception
// queue fed as a download feeds it. The store's Miva endpoint is unreachable (insertStore), so a
// remap that succeeds made no Miva call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { BridgeApp, createBridgeApp } from '../../src/bridge-app';
import { first } from '../../src/common/must';
import { loadConfig } from '../../src/config/app-config';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import {
  ingestSettingsOf,
  OrderIngestService,
} from '../../src/modules/orders/order-ingest.service';
import type { StoreEntity } from '../../src/modules/stores/store.entity';
import { generateOrders } from '../../src/simulator/order-generator';
import { eventually } from '../support/eventually';
import { insertStore } from '../support/store-fixtures';
import { ADMIN_KEY, bearer, startTestApp, TestApp } from '../support/test-app';
import { finishedRun, remapNow, startRemap, syncRuns } from './remap-support';

jest.setTimeout(240_000);

const SECRET_KEY = 'cd'.repeat(32);
const admin = bearer(ADMIN_KEY);

/** The store's orders by Miva id: revision and mapped custom fields, read from the table. */
async function revisions(db: Client, storeId: string): Promise<Map<number, number>> {
  const rows = await db.query<{ id: number; revision: number }>(
    'SELECT miva_order_id AS id, revision FROM orders WHERE store_id = $1',
    [storeId],
  );
  return new Map(rows.rows.map((r) => [r.id, r.revision]));
}

const giftMessageOf = (order: MivaOrder): unknown =>
  order.CustomField_Values?.customfields?.gift_msg;

describe('remap as a background run', () => {
  let t: TestApp;
  let db: Client;

  async function storeWithOrders(
    count: number,
    seed: number,
  ): Promise<{
    store: StoreEntity;
    orders: MivaOrder[];
  }> {
    const store = await insertStore(t.bridge);
    const orders = generateOrders({ count, seed });
    const ingest = t.bridge.app.get(OrderIngestService);
    for (let i = 0; i < orders.length; i += 250) {
      await ingest.ingest(ingestSettingsOf(store), orders.slice(i, i + 250));
    }
    return { store, orders };
  }

  beforeAll(async () => {
    t = await startTestApp({ SECRET_KEY });
    db = new Client({ connectionString: t.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it('answers 202 with the run, which revises only the orders the mapping change affects', async () => {
    const { store, orders } = await storeWithOrders(60, 31);
    const withGift = orders.filter(
      (o) => typeof giftMessageOf(o) === 'string' && giftMessageOf(o) !== '',
    );
    expect(withGift.length).toBeGreaterThan(5);
    expect(withGift.length).toBeLessThan(orders.length);

    await request(t.server)
      .put(`/api/v1/stores/${store.id}/mappings/custom-fields`)
      .set(admin)
      .send([{ mivaField: 'customfields:gift_msg', omsField: 'giftMessage' }])
      .expect(200);
    const res = await request(t.server)
      .post(`/api/v1/stores/${store.id}/remap`)
      .set(admin)
      .expect(202);
    expect(res.body).toEqual({ runId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const run = await finishedRun(t, store.id, (res.body as { runId: string }).runId);
    expect(run).toMatchObject({
      trigger: 'remap',
      status: 'succeeded',
      ordersSeen: 60,
      ordersUpdated: withGift.length,
      ordersCreated: 0,
      ordersAcknowledged: 0,
      ordersFailed: 0,
      error: null,
      finishedAt: expect.any(String),
    });

    const after = await revisions(db, store.id);
    const giftIds = new Set(withGift.map((o) => o.id));
    for (const order of orders) {
      expect([order.id, after.get(order.id)]).toEqual([order.id, giftIds.has(order.id) ? 2 : 1]);
    }
    const sample = first(withGift);
    const served = await request(t.server)
      .get(`/api/v1/stores/${store.id}/orders/${sample.id}`)
      .set(admin)
      .expect(200);
    expect(served.body).toMatchObject({
      revision: 2,
      acknowledged: false,
      customFields: { giftMessage: giftMessageOf(sample) },
    });

    // Nothing changed since: a second remap revises nothing.
    expect(await remapNow(t, store.id)).toMatchObject({
      status: 'succeeded',
      ordersSeen: 60,
      ordersUpdated: 0,
    });
    expect(await revisions(db, store.id)).toEqual(after);
  });

  it('runs one remap per store across instances: concurrent requests get the same run', async () => {
    const { store } = await storeWithOrders(1500, 32);
    const dataDir = mkdtempSync(join(tmpdir(), 'bridge-remap-'));
    let other: BridgeApp | undefined;
    try {
      other = await createBridgeApp(
        loadConfig({
          DATABASE_URL: t.database.url,
          DATA_DIR: dataDir,
          ADMIN_API_KEY: ADMIN_KEY,
          SECRET_KEY,
          LOG_LEVEL: 'silent',
          SYNC_SCHEDULER: 'off',
        }),
      );
      await other.app.listen(0, '127.0.0.1');
      const servers = [t.server, other.app.getHttpServer(), t.server, other.app.getHttpServer()];
      const ids = await Promise.all(
        servers.map(async (server) => {
          const res = await request(server)
            .post(`/api/v1/stores/${store.id}/remap`)
            .set(admin)
            .expect(202);
          return (res.body as { runId: string }).runId;
        }),
      );
      const runId = first(ids);
      expect(new Set(ids)).toEqual(new Set([runId]));

      const run = await finishedRun(t, store.id, runId);
      expect(run).toMatchObject({ trigger: 'remap', status: 'succeeded', ordersSeen: 1500 });
      expect((await syncRuns(t, store.id)).filter((r) => r.trigger === 'remap')).toHaveLength(1);
    } finally {
      await other?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('answers the remap running on another instance, and a download does not take it for dead', async () => {
    const { store } = await storeWithOrders(5, 33);
    // A remap another live instance is running (its heartbeat is fresh).
    const live = first(
      (
        await db.query<{ id: string }>(
          `INSERT INTO sync_runs (store_id, trigger, status, started_at, heartbeat_at)
           VALUES ($1, 'remap', 'running', now(), now()) RETURNING id`,
          [store.id],
        )
      ).rows,
    );
    expect(await startRemap(t, store.id)).toBe(live.id);

    // A download of the store meanwhile (it fails: the store's Miva is unreachable).
    const sync = await request(t.server)
      .post(`/api/v1/stores/${store.id}/sync`)
      .set(admin)
      .expect(202);
    const download = await eventually(
      async () =>
        (await syncRuns(t, store.id)).find(
          (r) => r.id === (sync.body as { runId: string }).runId && r.status !== 'running',
        ),
      60_000,
      'the download to end',
    );
    expect(download.trigger).toBe('manual');
    const runs = await syncRuns(t, store.id);
    expect(runs.find((r) => r.id === live.id)).toMatchObject({ status: 'running', error: null });

    await db.query(`UPDATE sync_runs SET status = 'succeeded', finished_at = now() WHERE id = $1`, [
      live.id,
    ]);
    const next = await startRemap(t, store.id);
    expect(next).not.toBe(live.id);
    expect(await finishedRun(t, store.id, next)).toMatchObject({ status: 'succeeded' });
  });

  it('shows a remap whose process died as failed "interrupted", and starts the next one', async () => {
    const { store } = await storeWithOrders(5, 34);
    const dead = first(
      (
        await db.query<{ id: string }>(
          `INSERT INTO sync_runs (store_id, trigger, status, started_at, heartbeat_at)
           VALUES ($1, 'remap', 'running', now() - interval '6 minutes',
                   now() - interval '5 minutes') RETURNING id`,
          [store.id],
        )
      ).rows,
    );
    const runId = await startRemap(t, store.id);
    expect(runId).not.toBe(dead.id);
    expect(await finishedRun(t, store.id, runId)).toMatchObject({
      status: 'succeeded',
      ordersSeen: 5,
    });
    expect((await syncRuns(t, store.id)).find((r) => r.id === dead.id)).toMatchObject({
      trigger: 'remap',
      status: 'failed',
      error: 'interrupted',
      finishedAt: expect.any(String),
    });
  });

  it('opens MAPPING_FAILED for an order that no longer maps, and resolves it once it maps again', async () => {
    const { store, orders } = await storeWithOrders(10, 35);
    const target = first(orders);
    const exceptions = async (status: string): Promise<{ code: string; subject: unknown }[]> =>
      (
        await request(t.server)
          .get('/api/v1/exceptions')
          .query({ storeId: store.id, status })
          .set(admin)
          .expect(200)
      ).body.data;

    // The stored snapshot as a mapper that cannot read it would see it (e.g. before a fix).
    await db.query(
      `UPDATE miva_orders SET raw = $3::json WHERE store_id = $1 AND miva_order_id = $2`,
      [store.id, target.id, JSON.stringify({ ...target, total: 'not money' })],
    );
    expect(await remapNow(t, store.id)).toMatchObject({
      status: 'succeeded',
      ordersSeen: 10,
      ordersFailed: 1,
      ordersUpdated: 0,
    });
    expect(await exceptions('open')).toEqual([
      expect.objectContaining({
        code: 'MAPPING_FAILED',
        subject: expect.objectContaining({ type: 'order', mivaOrderId: target.id }),
      }),
    ]);

    await db.query(
      `UPDATE miva_orders SET raw = $3::json WHERE store_id = $1 AND miva_order_id = $2`,
      [store.id, target.id, JSON.stringify(target)],
    );
    expect(await remapNow(t, store.id)).toMatchObject({ status: 'succeeded', ordersFailed: 0 });
    expect(await exceptions('open')).toEqual([]);
    expect(await exceptions('resolved')).toEqual([
      expect.objectContaining({ code: 'MAPPING_FAILED' }),
    ]);
  });

  it("needs config:write and one of the key's stores", async () => {
    const { store } = await storeWithOrders(1, 36);
    const reader = await request(t.server)
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: 'reader', scopes: ['orders:read'] })
      .expect(201);
    await request(t.server)
      .post(`/api/v1/stores/${store.id}/remap`)
      .set(bearer(reader.body.key))
      .expect(403);
    const elsewhere = await request(t.server)
      .post('/api/v1/api-keys')
      .set(admin)
      .send({
        name: 'elsewhere',
        scopes: ['config:write'],
        storeIds: ['00000000-0000-4000-8000-000000000001'],
      })
      .expect(201);
    await request(t.server)
      .post(`/api/v1/stores/${store.id}/remap`)
      .set(bearer(elsewhere.body.key))
      .expect(404);
    expect((await syncRuns(t, store.id)).filter((r) => r.trigger === 'remap')).toEqual([]);
  });
});
