// The exception queue and single-order refetch (docs/REST.md, "Exceptions" and "Refetch"),
// against the real app and the Miva simulator over HTTP.
import request from 'supertest';
import { first, must } from '../../src/common/must';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { bearer } from '../support/test-app';
import { addOrders, createStore, syncNow, touchOrder } from '../download/download-support';
import {
  ADMIN_KEY,
  eventually,
  insertSimulatorStore,
  RelayEnv,
  sim,
  startRelayEnv,
} from '../shipments/relay-fixtures';

const admin = bearer(ADMIN_KEY);

interface ExceptionBody {
  id: string;
  storeId: string;
  kind: string;
  code: string;
  message: string;
  subject: { type: string; id: string | null; mivaOrderId?: number };
  status: 'open' | 'resolved' | 'dismissed';
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

interface OrderBody {
  id: string;
  sourceOrderId: number;
  revision: number;
}

let counter = 0;
const uniqueId = (prefix: string): string => `${prefix}-${Date.now()}-${++counter}`;

describe('operations: exceptions and refetch', () => {
  let env: RelayEnv;

  beforeAll(async () => {
    env = await startRelayEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  async function exceptions(query: Record<string, string>): Promise<ExceptionBody[]> {
    const res = await request(env.t.server)
      .get('/api/v1/exceptions')
      .query({ limit: '500', ...query })
      .set(admin)
      .expect(200);
    return (res.body as { data: ExceptionBody[] }).data;
  }

  const callsSince = (seq: number): string[] =>
    env.sim.state.log.filter((e) => e.seq > seq).flatMap((e) => e.functions);
  const lastSeq = (): number => env.sim.state.log.at(-1)?.seq ?? 0;

  it('opens MAPPING_FAILED once per order, counts it again, and resolves it on a clean download', async () => {
    const store = await createStore(env.t, env.sim);
    await syncNow(env.t, store.id);
    const { ids } = await sim<{ ids: number[] }>(env.sim, 'POST', '/orders', {
      count: 1,
      seed: 11,
    });
    const mivaOrderId = first(ids, 'the new order');
    const good = await sim<MivaOrder>(env.sim, 'GET', `/orders/${mivaOrderId}`);
    const broken = { ...good, total: 'not money' } as unknown as MivaOrder;
    await sim(env.sim, 'POST', '/orders', { orders: [broken] });
    expect((await syncNow(env.t, store.id)).ordersFailed).toBe(1);

    const [opened, ...others] = await exceptions({ storeId: store.id });
    expect(others).toEqual([]);
    expect(opened).toMatchObject({
      storeId: store.id,
      kind: 'order',
      code: 'MAPPING_FAILED',
      status: 'open',
      occurrences: 1,
      subject: { type: 'order', id: null, mivaOrderId },
      resolvedAt: null,
    });

    // The same failure again: one exception, two occurrences.
    await sim(env.sim, 'POST', '/orders', { orders: [broken] });
    expect((await syncNow(env.t, store.id)).ordersFailed).toBe(1);
    const again = await exceptions({ storeId: store.id });
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ id: must(opened, 'the exception').id, occurrences: 2 });

    // Dismissed: gone from the open list until the problem happens again, which reopens it.
    const dismissed = await request(env.t.server)
      .post(`/api/v1/exceptions/${must(opened, 'the exception').id}/dismiss`)
      .set(admin)
      .expect(200);
    expect(dismissed.body).toMatchObject({ status: 'dismissed', occurrences: 2 });
    expect(await exceptions({ storeId: store.id })).toEqual([]);
    await sim(env.sim, 'POST', '/orders', { orders: [broken] });
    await syncNow(env.t, store.id);
    expect(await exceptions({ storeId: store.id })).toEqual([
      expect.objectContaining({ id: must(opened, 'the exception').id, occurrences: 3 }),
    ]);

    // Fixed in Miva: the next download maps it and the exception resolves itself.
    await sim(env.sim, 'POST', '/orders', { orders: [good] });
    expect((await syncNow(env.t, store.id)).ordersFailed).toBe(0);
    expect(await exceptions({ storeId: store.id })).toEqual([]);
    const [resolved] = await exceptions({ storeId: store.id, status: 'resolved' });
    expect(resolved).toMatchObject({ id: must(opened, 'the exception').id, status: 'resolved' });
    expect(must(resolved, 'the resolved exception').resolvedAt).toEqual(expect.any(String));

    // A resolved exception is not retried: the bulk route lists it as skipped, the single 409.
    const unknown = '00000000-0000-4000-8000-000000000000';
    const bulk = await request(env.t.server)
      .post('/api/v1/exceptions/retries')
      .set(admin)
      .send({ ids: [must(opened, 'the exception').id, unknown] })
      .expect(202);
    expect(bulk.body).toEqual({ retried: 0, skipped: [must(opened, 'the exception').id, unknown] });
    const single = await request(env.t.server)
      .post(`/api/v1/exceptions/${must(opened, 'the exception').id}/retry`)
      .set(admin)
      .send({})
      .expect(409);
    expect(single.body.error.code).toBe('EXCEPTION_NOT_OPEN');
  });

  it('parks an inventory event for an unknown SKU as MIVA_REFUSED; a retry once the product exists sends it once', async () => {
    const storeId = await insertSimulatorStore(env.t.bridge, env.sim);
    const sku = uniqueId('NEW-SKU');
    const eventId = uniqueId('evt');
    await request(env.t.server)
      .post('/api/v1/inventory/adjustments')
      .set(admin)
      .send({ storeId, adjustments: [{ eventId, identifier: sku, delta: 7 }] })
      .expect(202);
    const opened = await eventually(
      async () => {
        const [e] = await exceptions({ storeId, kind: 'inventory' });
        return e;
      },
      20_000,
      'the inventory exception',
    );
    expect(opened).toMatchObject({ code: 'MIVA_REFUSED', occurrences: 1, status: 'open' });
    expect(opened.message).toMatch(/Product not found/);
    expect(opened.subject.type).toBe('inventory_event');

    // Retried while the product is still missing: parked again, counted again.
    await request(env.t.server)
      .post(`/api/v1/exceptions/${opened.id}/retry`)
      .set(admin)
      .send({})
      .expect(202);
    await eventually(
      async () => {
        const [e] = await exceptions({ storeId, kind: 'inventory' });
        return e?.occurrences === 2 ? e : undefined;
      },
      20_000,
      'a second occurrence',
    );

    const template = first(env.sim.state.findProduct({ sku: 'PRT010' }), 'a product');
    const id = Math.max(...env.sim.state.products.keys()) + 1;
    env.sim.state.putProducts([{ ...template, id, sku, code: sku, product_inventory: 100 }]);
    const adjustCalls = (): number =>
      env.sim.state.log.filter((e) => e.functions.includes('ProductList_Adjust_Inventory')).length;
    const callsBefore = adjustCalls();
    await request(env.t.server)
      .post(`/api/v1/exceptions/${opened.id}/retry`)
      .set(admin)
      .send({})
      .expect(202);
    await eventually(
      async () => {
        const [e] = await exceptions({ storeId, status: 'resolved', kind: 'inventory' });
        return e;
      },
      20_000,
      'the exception resolved',
    );
    expect(first(env.sim.state.findProduct({ sku }), sku).product_inventory).toBe(107);
    expect(adjustCalls() - callsBefore).toBe(1);
    expect(await exceptions({ storeId })).toEqual([]);
  });

  it('refetches one order by id: no queue read, no acknowledgement, a revision only on change', async () => {
    const store = await createStore(env.t, env.sim);
    await addOrders(env.sim, 3);
    await syncNow(env.t, store.id);
    const feed = await request(env.t.server)
      .get('/api/v1/orders')
      .query({ storeId: store.id, limit: 1 })
      .set(admin)
      .expect(200);
    const order = first((feed.body as { data: OrderBody[] }).data, 'an offered order');
    const refetch = (mivaOrderId: number) =>
      request(env.t.server)
        .post(`/api/v1/stores/${store.id}/orders/${mivaOrderId}/refetch`)
        .set(admin);

    const since = lastSeq();
    const same = await refetch(order.sourceOrderId).expect(200);
    expect(same.body).toMatchObject({ id: order.id, revision: order.revision });

    await touchOrder(env.sim, order.sourceOrderId, uniqueId('Refetched'));
    const changed = await refetch(order.sourceOrderId).expect(200);
    expect(changed.body).toMatchObject({ id: order.id, revision: order.revision + 1 });
    const unchanged = await refetch(order.sourceOrderId).expect(200);
    expect(unchanged.body).toMatchObject({ revision: order.revision + 1 });

    const calls = callsSince(since);
    expect(calls).toContain('OrderList_Load_Query');
    expect(calls).not.toContain('QueueOrderList_Load_Query');
    expect(calls).not.toContain('OrderList_Acknowledge');

    const missing = await refetch(1).expect(404);
    expect(missing.body.error.code).toBe('MIVA_ORDER_NOT_FOUND');
    await refetch(0).expect(400);
  });

  it('answers bad input with 400 and unknown ids with 404', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await request(env.t.server)
      .post(`/api/v1/exceptions/${unknown}/retry`)
      .set(admin)
      .send({})
      .expect(404);
    await request(env.t.server)
      .post(`/api/v1/exceptions/${unknown}/dismiss`)
      .set(admin)
      .expect(404);
    await request(env.t.server).post('/api/v1/exceptions/nope/retry').set(admin).expect(400);
    for (const body of [{}, { ids: [] }, { ids: ['nope'] }, { ids: 'x' }]) {
      await request(env.t.server)
        .post('/api/v1/exceptions/retries')
        .set(admin)
        .send(body)
        .expect(400);
    }
    for (const query of [{ status: 'closed' }, { kind: 'x' }, { limit: '0' }, { cursor: 'bad!' }]) {
      await request(env.t.server).get('/api/v1/exceptions').query(query).set(admin).expect(400);
    }
  });

  it('opens SYNC_FAILING on the third failed run in a row and resolves it with a good run', async () => {
    const store = await createStore(env.t, env.sim);
    env.sim.state.setFaults({ apiOffline: true });
    try {
      for (let run = 1; run <= 3; run++) {
        expect((await syncNow(env.t, store.id)).status).toBe('failed');
        const open = await exceptions({ storeId: store.id, code: 'SYNC_FAILING' });
        expect(open).toHaveLength(run < 3 ? 0 : 1);
      }
    } finally {
      env.sim.state.setFaults({ apiOffline: false });
    }
    expect((await syncNow(env.t, store.id)).status).toBe('succeeded');
    expect(await exceptions({ storeId: store.id })).toEqual([]);
    expect(await exceptions({ storeId: store.id, status: 'resolved' })).toEqual([
      expect.objectContaining({ kind: 'store', code: 'SYNC_FAILING', occurrences: 1 }),
    ]);
  });

  it('opens UNAUTHORIZED for a revoked token and resolves it after a PATCH and a good run', async () => {
    const store = await createStore(env.t, env.sim);
    await sim(env.sim, 'PUT', '/token', { enabled: false });
    try {
      expect((await syncNow(env.t, store.id)).status).toBe('failed');
    } finally {
      await sim(env.sim, 'PUT', '/token', { enabled: true });
    }
    const [opened] = await exceptions({ storeId: store.id, kind: 'store' });
    expect(opened).toMatchObject({
      code: 'UNAUTHORIZED',
      status: 'open',
      subject: { type: 'store', id: store.id },
    });
    expect(must(opened, 'the exception').message).toMatch(/Token is disabled/);

    await request(env.t.server)
      .patch(`/api/v1/stores/${store.id}`)
      .set(admin)
      .send({ accessToken: env.sim.accessToken })
      .expect(200);
    expect((await syncNow(env.t, store.id)).status).toBe('succeeded');
    expect(await exceptions({ storeId: store.id, kind: 'store' })).toEqual([]);
    const [resolved] = await exceptions({ storeId: store.id, status: 'resolved' });
    expect(resolved).toMatchObject({ id: must(opened, 'the exception').id, code: 'UNAUTHORIZED' });

    // Dismissing needs an open exception; a resolved one stays as it is.
    const dismissed = await request(env.t.server)
      .post(`/api/v1/exceptions/${must(opened, 'the exception').id}/dismiss`)
      .set(admin)
      .expect(200);
    expect(dismissed.body).toMatchObject({ status: 'resolved' });
  });
});
