import request from 'supertest';
import { must } from '../../src/common/must';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { generateOrders } from '../../src/simulator/order-generator';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { ADMIN_KEY, bearer, TestApp } from '../support/test-app';
import { startDownloadApp } from './download-app';
import {
  addOrders,
  closeAll,
  createStore,
  queueIds,
  sim,
  sorted,
  startSync,
  StoredOrders,
  syncNow,
  touchOrder,
  waitForRun,
} from './download-support';

// Every download strategy against the simulator, through the real API, checking what was stored
// (raw and mapped, revisions) against what the simulator holds.

const FIRST_ID = 200001;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('download strategies against the simulator', () => {
  let t: TestApp;
  let s: RunningSimulator;
  let db: StoredOrders;

  const simIds = async (): Promise<number[]> =>
    (await sim<{ data: MivaOrder[] }>(s, 'GET', '/orders')).data.map((o) => o.id);
  /** Orders placed moments ago (generated content, fresh orderdate). */
  const freshOrders = (count: number, firstOrderId: number, seed = 99): MivaOrder[] => {
    const at = nowSeconds() - 10;
    return generateOrders({ count, seed, firstOrderId, now: at + 7200 }).map((o) => ({
      ...o,
      orderdate: at,
      dt_updated: at,
    }));
  };

  beforeAll(async () => {
    s = await startSimulator({ orders: 0, seed: 21 });
    t = await startDownloadApp({}, { pageSize: 50 });
    db = await StoredOrders.open(t);
  });

  afterAll(() => closeAll(db, t, s));

  beforeEach(async () => {
    await sim(s, 'POST', '/reset', { orders: 120, seed: 21 });
  });

  describe('queue_ack', () => {
    it('stores every queued order once and acknowledges exactly the committed ones', async () => {
      const store = await createStore(t, s);
      const run = await syncNow(t, store.id);
      expect(run).toMatchObject({
        status: 'succeeded',
        trigger: 'manual',
        ordersSeen: 120,
        ordersCreated: 120,
        ordersUpdated: 0,
        ordersAcknowledged: 120,
        ordersFailed: 0,
        error: null,
      });
      const all = await simIds();
      expect(sorted((await db.revisions(store.id)).keys())).toEqual(all);
      expect(await db.count(store.id)).toEqual({ orders: 120, raw: 120, duplicates: 0 });
      expect(await queueIds(s)).toEqual([]);
      expect(await queueIds(s, 'successfully_retrieved_orders')).toEqual(all);
      const metrics = (await request(t.server).get('/metrics').expect(200)).text;
      expect(metrics).toMatch(/download_runs_total\{trigger="manual",status="succeeded"\} [1-9]/);
      expect(metrics).toMatch(/download_orders_total\{outcome="acknowledged"\} [1-9]/);
    });

    it('downloads orders updated and added between runs: new revisions only for changes', async () => {
      const store = await createStore(t, s);
      await syncNow(t, store.id);
      const changed = [FIRST_ID + 3, FIRST_ID + 50, FIRST_ID + 99] as const;
      for (const id of changed) {
        await touchOrder(s, id, `Changed ${id}`);
      }
      const added = await addOrders(s, 5);
      const second = await syncNow(t, store.id);
      expect(second).toMatchObject({
        status: 'succeeded',
        ordersSeen: 8,
        ordersCreated: 5,
        ordersUpdated: 3,
        ordersAcknowledged: 8,
      });
      const revisions = await db.revisions(store.id);
      for (const id of changed) {
        expect(revisions.get(id)).toBe(2);
      }
      for (const id of added) {
        expect(revisions.get(id)).toBe(1);
      }
      expect(revisions.get(FIRST_ID)).toBe(1);
      expect((await db.raw(store.id)).get(changed[0])?.shipFirstName).toBe(`Changed ${changed[0]}`);

      const third = await syncNow(t, store.id);
      expect(third).toMatchObject({ status: 'succeeded', ordersSeen: 0, ordersAcknowledged: 0 });
    });

    describe('with pages of 10 (a run long enough to change the store during it)', () => {
      let small: TestApp;
      let smallDb: StoredOrders;

      beforeAll(async () => {
        small = await startDownloadApp({}, { pageSize: 10 });
        smallDb = await StoredOrders.open(small);
      });

      afterAll(() => closeAll(smallDb, small));

      it('keeps orders arriving and changing during a run, each exactly once', async () => {
        await sim(s, 'PUT', '/faults', { latencyMs: 15 });
        const store = await createStore(small, s);
        const runId = await startSync(small, store.id);
        const touched: number[] = [];
        for (let batch = 0; batch < 4; batch++) {
          await new Promise((r) => setTimeout(r, 60));
          await addOrders(s, 6, 100 + batch);
          const id = FIRST_ID + 10 * batch + 5;
          await touchOrder(s, id, `During ${batch}`);
          touched.push(id);
        }
        const first = await waitForRun(small, store.id, runId);
        expect(first.status).toBe('succeeded');
        await sim(s, 'DELETE', '/faults');
        // Orders re-queued behind the reader's position come with the next run.
        const second = await syncNow(small, store.id);
        expect(second.status).toBe('succeeded');
        expect(await queueIds(s)).toEqual([]);

        const all = await simIds();
        expect(all).toHaveLength(144);
        expect(sorted((await smallDb.revisions(store.id)).keys())).toEqual(all);
        expect((await smallDb.count(store.id)).duplicates).toBe(0);
        const raw = await smallDb.raw(store.id);
        for (const [batch, id] of touched.entries()) {
          expect(raw.get(id)?.shipFirstName).toBe(`During ${batch}`);
        }
        // A change between an order's read and its acknowledgement was not acknowledged away:
        // every stored order is the latest the simulator has.
        const latest = (await sim<{ data: MivaOrder[] }>(s, 'GET', '/orders')).data;
        for (const order of latest) {
          expect({ id: order.id, name: raw.get(order.id)?.shipFirstName }).toEqual({
            id: order.id,
            name: order.ship_fname,
          });
        }
        expect(first.ordersAcknowledged + second.ordersAcknowledged).toBeGreaterThanOrEqual(144);
      });
    });

    it('records orders outside importStatuses without offering them, and still acknowledges them', async () => {
      const store = await createStore(t, s, { importStatuses: ['processing'] });
      const run = await syncNow(t, store.id);
      expect(run).toMatchObject({ status: 'succeeded', ordersCreated: 120 });
      expect(run.ordersAcknowledged).toBe(120);
      const offered = await db.offered(store.id);
      const statuses = new Map(
        (await sim<{ data: MivaOrder[] }>(s, 'GET', '/orders')).data.map((o) => [o.id, o.status]),
      );
      const processing = [...statuses].filter(([, status]) => status === 100).map(([id]) => id);
      expect(processing.length).toBeGreaterThan(0);
      expect(processing.length).toBeLessThan(120);
      for (const [id, isOffered] of offered) {
        expect(isOffered).toBe(statuses.get(id) === 100);
      }
    });

    it('stores a malformed order raw as an exception without stalling the batch', async () => {
      const [good] = freshOrders(1, FIRST_ID + 500);
      const broken = { ...good, id: FIRST_ID + 501, total: 'not money' } as unknown as MivaOrder;
      const after = { ...good, id: FIRST_ID + 502 };
      await sim(s, 'POST', '/orders', { orders: [good, broken, after] });
      const store = await createStore(t, s);
      const run = await syncNow(t, store.id);
      expect(run).toMatchObject({
        status: 'succeeded',
        ordersSeen: 123,
        ordersCreated: 122,
        ordersFailed: 1,
        ordersAcknowledged: 123,
      });
      const raw = await db.raw(store.id);
      expect(raw.get(FIRST_ID + 501)?.mappingError).toEqual(expect.any(String));
      expect(raw.get(FIRST_ID + 502)?.mappingError).toBeNull();
      expect((await db.revisions(store.id)).has(FIRST_ID + 501)).toBe(false);
      expect(await queueIds(s)).toEqual([]);
    });

    it('answers one run id to concurrent sync requests', async () => {
      await sim(s, 'PUT', '/faults', { latencyMs: 20 });
      const store = await createStore(t, s);
      const ids = await Promise.all(
        [1, 2, 3].map(async () => {
          const res = await request(t.server)
            .post(`/api/v1/stores/${store.id}/sync`)
            .set(bearer(ADMIN_KEY))
            .expect(202);
          return (res.body as { runId: string }).runId;
        }),
      );
      expect(new Set(ids).size).toBe(1);
      await waitForRun(t, store.id, must(ids[0], 'a run id'));
      await sim(s, 'DELETE', '/faults');
    });
  });

  describe('queue (no acknowledgement)', () => {
    it('keeps whatever it reads from a queue whose reads move the orders', async () => {
      await sim(s, 'PUT', '/workflow', { mode: 'retrieve_moves' });
      await sim(s, 'DELETE', '/log');
      const store = await createStore(t, s, { strategy: 'queue' });
      const run = await syncNow(t, store.id);
      expect(run).toMatchObject({
        status: 'succeeded',
        ordersCreated: 120,
        ordersAcknowledged: 0,
      });
      expect(await queueIds(s)).toEqual([]);
      expect(sorted((await db.revisions(store.id)).keys())).toEqual(await simIds());
      const log = (await sim<{ data: { functions: string[] }[] }>(s, 'GET', '/log')).data;
      expect(log.flatMap((e) => e.functions)).not.toContain(
        'Module:orderworkflow:OrderList_Acknowledge',
      );
    });
  });

  describe('date_range', () => {
    it('downloads the orderdate window, then only newer orders, with the overlap re-read unchanged', async () => {
      const store = await createStore(t, s, { strategy: 'date_range', overlap: 300 });
      const first = await syncNow(t, store.id);
      expect(first).toMatchObject({ status: 'succeeded', ordersCreated: 120 });
      const cursor = await db.cursor(store.id);
      expect(cursor.until).toBeGreaterThan(nowSeconds() - 60);
      expect(cursor.window).toBeUndefined();

      const fresh = freshOrders(4, FIRST_ID + 1000);
      await sim(s, 'POST', '/orders', { orders: fresh });
      const second = await syncNow(t, store.id);
      expect(second).toMatchObject({ status: 'succeeded', ordersCreated: 4, ordersUpdated: 0 });
      expect(sorted((await db.revisions(store.id)).keys())).toEqual(await simIds());
      // Nothing is acknowledged and the queue is untouched by a date strategy.
      expect((await queueIds(s)).length).toBe(124);
    });

    it('resumes an interrupted window after the last committed order, then moves on', async () => {
      const store = await createStore(t, s, { strategy: 'date_range' });
      const to = nowSeconds() - 5;
      // Where a run that died mid-window left the cursor: orders up to FIRST_ID + 60 committed.
      await db.query(`UPDATE stores SET download_cursor = $2 WHERE id = $1`, [
        store.id,
        JSON.stringify({ window: { from: 0, to, afterId: FIRST_ID + 60 } }),
      ]);
      const run = await syncNow(t, store.id);
      expect(run).toMatchObject({ status: 'succeeded', ordersSeen: 59, ordersCreated: 59 });
      expect(sorted((await db.revisions(store.id)).keys())[0]).toBe(FIRST_ID + 61);
      expect(await db.cursor(store.id)).toEqual({ until: to });
    });

    it('starts at startFrom', async () => {
      const orders = (await sim<{ data: MivaOrder[] }>(s, 'GET', '/orders')).data;
      const dates = orders.map((o) => o.orderdate).sort((a, b) => a - b);
      const start = must(dates[60], 'the 61st order date');
      const store = await createStore(t, s, {
        strategy: 'date_range',
        startFrom: new Date(start * 1000).toISOString(),
      });
      await syncNow(t, store.id);
      const expected = orders.filter((o) => o.orderdate >= start).map((o) => o.id);
      expect(sorted((await db.revisions(store.id)).keys())).toEqual(sorted(expected));
    });
  });

  describe('last_updated', () => {
    it('downloads orders updated since the last run (dt_updated window)', async () => {
      // Some generated orders were updated "now" (at the reset): let them settle too.
      await new Promise((r) => setTimeout(r, 3100));
      const store = await createStore(t, s, { strategy: 'last_updated', overlap: 60 });
      const first = await syncNow(t, store.id);
      expect(first).toMatchObject({ status: 'succeeded', ordersCreated: 120 });

      const changed = [FIRST_ID + 7, FIRST_ID + 77] as const;
      for (const id of changed) {
        await touchOrder(s, id, `Updated ${id}`);
      }
      await sim(s, 'POST', '/orders', { orders: freshOrders(2, FIRST_ID + 2000) });
      // The window stops a little before Miva's now, so these settle first.
      await new Promise((r) => setTimeout(r, 3100));
      const second = await syncNow(t, store.id);
      expect(second).toMatchObject({ status: 'succeeded', ordersCreated: 2, ordersUpdated: 2 });
      const revisions = await db.revisions(store.id);
      for (const id of changed) {
        expect(revisions.get(id)).toBe(2);
      }
      expect((await db.raw(store.id)).get(changed[1])?.shipFirstName).toBe(`Updated ${changed[1]}`);
    });
  });

  describe('order_number', () => {
    it('downloads new order numbers and late lower ones within the overlap', async () => {
      const store = await createStore(t, s, { strategy: 'order_number', overlap: 30 });
      const first = await syncNow(t, store.id);
      expect(first).toMatchObject({ status: 'succeeded', ordersCreated: 120 });
      expect((await db.cursor(store.id)).lastOrderId).toBe(FIRST_ID + 119);

      // An order number handed out earlier whose order is only placed now, and newer ones.
      const late = freshOrders(1, FIRST_ID + 130)[0];
      const newer = freshOrders(3, FIRST_ID + 140, 5);
      await sim(s, 'POST', '/orders', { orders: newer });
      const second = await syncNow(t, store.id);
      expect(second).toMatchObject({ status: 'succeeded', ordersCreated: 3 });
      await sim(s, 'POST', '/orders', { orders: [late] });
      const third = await syncNow(t, store.id);
      expect(third).toMatchObject({ status: 'succeeded', ordersCreated: 1, ordersUpdated: 0 });
      expect((await db.revisions(store.id)).get(FIRST_ID + 130)).toBe(1);
      expect(sorted((await db.revisions(store.id)).keys())).toEqual(await simIds());
      expect((await db.cursor(store.id)).lastOrderId).toBe(FIRST_ID + 142);
    });
  });
});
