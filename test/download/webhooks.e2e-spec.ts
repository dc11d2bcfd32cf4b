import request from 'supertest';
import { first } from '../../src/common/must';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { TestApp } from '../support/test-app';
import { startDownloadApp } from './download-app';
import {
  addOrders,
  closeAll,
  createStore,
  eventually,
  runs,
  sim,
  startSync,
  StoredOrders,
  syncNow,
  waitForRun,
} from './download-support';

describe('Miva webhooks wake the download; the body is never the order', () => {
  let t: TestApp;
  let s: RunningSimulator;
  let db: StoredOrders;

  const settled = async (app: TestApp, storeId: string): Promise<void> => {
    await eventually(
      async () => (await runs(app, storeId)).every((r) => r.status !== 'running'),
      20_000,
      'runs to finish',
    );
  };

  beforeAll(async () => {
    s = await startSimulator({ orders: 30, seed: 8 });
    t = await startDownloadApp();
    db = await StoredOrders.open(t);
  });

  afterAll(() => closeAll(db, t, s));

  beforeEach(async () => {
    await sim(s, 'DELETE', '/faults');
  });

  it('downloads the new order through the signed API, not from the body', async () => {
    const store = await createStore(t, s);
    await syncNow(t, store.id);
    const id = first(await addOrders(s, 1, 77));
    const real = await sim<MivaOrder>(s, 'GET', `/orders/${id}`);
    // The body claims a different order with different content: neither is trusted.
    const forged = { ...real, id: 999_999, ship_fname: 'Forged', total: 1 };
    const res = await request(t.server).post(store.webhookUrl).send(forged).expect(202);
    expect(res.body).toEqual({ accepted: true });

    const stored = await eventually(
      async () => (await db.raw(store.id)).get(id),
      20_000,
      'the order to arrive',
    );
    expect(stored.shipFirstName).toBe(real.ship_fname);
    expect((await db.revisions(store.id)).has(999_999)).toBe(false);
    await settled(t, store.id);
    expect((await runs(t, store.id))[0]).toMatchObject({
      trigger: 'webhook',
      status: 'succeeded',
      ordersCreated: 1,
    });
  });

  it('answers 404 for a wrong or missing token and an unknown store, before any download', async () => {
    const store = await createStore(t, s, {}, { enabled: false });
    const path = `/api/v1/webhooks/miva/${store.id}`;
    await request(t.server).post(`${path}?token=wrong`).send({}).expect(404);
    await request(t.server).post(path).send({}).expect(404);
    await request(t.server)
      .post(`/api/v1/webhooks/miva/00000000-0000-4000-8000-000000000000?token=x`)
      .send({})
      .expect(404);
    const notUuid = await request(t.server).post('/api/v1/webhooks/miva/abc?token=x').expect(404);
    expect(notUuid.body.error.code).toBe('NOT_FOUND');
    // Repeated token parameters are not a token.
    const token = new URL(store.webhookUrl, 'http://x').searchParams.get('token') ?? '';
    await request(t.server).post(`${path}?token=${token}&token=${token}`).expect(404);
  });

  it('accepts any content type up to 1 MB and refuses larger bodies with 413', async () => {
    const store = await createStore(t, s, {}, { enabled: false });
    await request(t.server)
      .post(store.webhookUrl)
      .set('Content-Type', 'text/plain')
      .send('x'.repeat(10_000))
      .expect(202);
    await request(t.server)
      .post(store.webhookUrl)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('Order_ID=1')
      .expect(202);
    // Never parsed, so not even broken JSON is refused.
    await request(t.server)
      .post(store.webhookUrl)
      .set('Content-Type', 'application/json')
      .send('{"id": 2000')
      .expect(202);
    const big = await request(t.server)
      .post(store.webhookUrl)
      .set('Content-Type', 'text/plain')
      .send('x'.repeat(1024 * 1024 + 10))
      .expect(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    await request(t.server)
      .post(store.webhookUrl)
      .send({ pad: 'x'.repeat(1024 * 1024 + 10) })
      .expect(413);
    // Miva's webhook_get action: a GET with Order_ID appended.
    await request(t.server).get(`${store.webhookUrl}&Order_ID=200001`).expect(202);
    // A disabled store accepts the hint and downloads nothing.
    expect(await runs(t, store.id)).toEqual([]);
  });

  it('turns a burst of webhooks into few downloads', async () => {
    const store = await createStore(t, s);
    await syncNow(t, store.id);
    await addOrders(s, 3, 78);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        request(t.server).post(store.webhookUrl).send({ id: 1 }).expect(202),
      ),
    );
    await eventually(
      async () => (await runs(t, store.id)).some((r) => r.trigger === 'webhook'),
      20_000,
      'a webhook run',
    );
    await settled(t, store.id);
    const webhookRuns = (await runs(t, store.id)).filter((r) => r.trigger === 'webhook');
    expect(webhookRuns.length).toBeGreaterThanOrEqual(1);
    expect(webhookRuns.length).toBeLessThanOrEqual(2);
    expect(webhookRuns.reduce((n, r) => n + r.ordersCreated, 0)).toBe(3);
  });

  describe('with pages of 5 (a download that takes several requests)', () => {
    let small: TestApp;
    let smallDb: StoredOrders;

    beforeAll(async () => {
      small = await startDownloadApp({}, { pageSize: 5 });
      smallDb = await StoredOrders.open(small);
    });

    afterAll(() => closeAll(smallDb, small));

    it('starts on the first webhook and folds a burst during the run into one follow-up', async () => {
      await sim(s, 'PUT', '/faults', { latencyMs: 40 });
      const store = await createStore(small, s, { strategy: 'order_number', overlap: 0 });
      await request(small.server).post(store.webhookUrl).send({ id: 1 }).expect(202);
      // The first hint starts a run (how soon is measured by bench:download's freshness phase).
      const first = await eventually(
        async () => (await runs(small, store.id)).find((r) => r.status === 'running'),
        5_000,
        'the first webhook run',
      );
      await Promise.all(
        Array.from({ length: 20 }, () =>
          request(small.server).post(store.webhookUrl).send({ id: 1 }).expect(202),
        ),
      );
      await waitForRun(small, store.id, first.id);
      await eventually(
        async () => (await runs(small, store.id)).length === 2,
        20_000,
        'the follow-up run',
      );
      await settled(small, store.id);
      const all = await runs(small, store.id);
      expect(all.map((r) => r.trigger)).toEqual(['webhook', 'webhook']);
      await sim(s, 'PUT', '/faults', {});
    });

    it('runs again after the current download when a webhook arrives during it', async () => {
      await sim(s, 'PUT', '/faults', { latencyMs: 40 });
      const store = await createStore(small, s, { strategy: 'order_number', overlap: 0 });
      const runId = await startSync(small, store.id);
      // An order added now may land behind the running download's position.
      await new Promise((r) => setTimeout(r, 100));
      const late = first(await addOrders(s, 1, 79));
      await request(small.server).post(store.webhookUrl).send({ id: late }).expect(202);
      await waitForRun(small, store.id, runId);
      await eventually(
        async () => (await smallDb.revisions(store.id)).has(late),
        20_000,
        'the late order',
      );
      await settled(small, store.id);
    });
  });
});
