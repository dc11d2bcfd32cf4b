// Stock true-ups (docs/REST.md, "Stock true-ups") against the real app and the Miva simulator:
// reserved units, checkout safety, deltas before and after, unknown and untracked products,
// refusals, and one true-up at a time per store.
import request from 'supertest';
import { must } from '../../src/common/must';
import { InventoryRelayService } from '../../src/modules/inventory/inventory-relay.service';
import { bearer } from '../support/test-app';
import {
  download,
  eventually,
  HoldingProxy,
  insertSimulatorStore,
  RelayEnv,
  sim,
  startProxiedStore,
  startRelayEnv,
} from '../shipments/relay-fixtures';
import {
  acknowledge,
  addProducts,
  admin,
  callsSince,
  finishedTrueUp,
  lastCall,
  orderWithLines,
  product,
  stock,
  storedOrder,
  trueUp,
  uniqueCode,
} from './stock-support';

describe('inventory true-ups', () => {
  let env: RelayEnv;
  let storeId: string;

  beforeAll(async () => {
    env = await startRelayEnv();
    storeId = await insertSimulatorStore(env.t.bridge, env.sim);
  });

  afterAll(async () => {
    await env.close();
  });

  const post = (body: object, auth = admin) =>
    request(env.t.server).post('/api/v1/inventory/true-ups').set(auth).send(body);

  describe('validation', () => {
    it('refuses repeated identifiers (regardless of case), bad levels and unknown fields', async () => {
      const repeated = await post({
        storeId,
        levels: [
          { identifier: 'TS-RED-M', available: 1 },
          { identifier: 'ts-red-m', available: 2 },
        ],
      }).expect(400);
      expect(repeated.body.error.code).toBe('VALIDATION_FAILED');
      expect(repeated.body.error.details).toEqual([
        expect.objectContaining({ field: 'levels.1.identifier' }),
      ]);
      const bad = await post({
        storeId,
        levels: [
          { identifier: 'A', available: -1 },
          { identifier: 'B', available: 1.5 },
          { identifier: '', available: 1 },
        ],
      }).expect(400);
      expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'levels.0.available',
        'levels.1.available',
        'levels.2.identifier',
      ]);
      await post({ storeId, levels: [{ identifier: 'A', available: 1, extra: 1 }] }).expect(400);
      await post({ storeId, apply: 'yes', levels: [{ identifier: 'A', available: 1 }] }).expect(
        400,
      );
      await post({ storeId, levels: [] }).expect(400);
    });

    it('accepts 10,000 levels and refuses 10,001', async () => {
      const levels = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ identifier: `L${i}`, available: 1 }));
      const tooMany = await post({ storeId, apply: false, levels: levels(10_001) }).expect(400);
      expect(tooMany.body.error.details).toEqual([expect.objectContaining({ field: 'levels' })]);
      const ok = await post({ storeId, apply: false, levels: levels(10_000) }).expect(202);
      const report = await finishedTrueUp(env, ok.body.id);
      expect(report.counts).toMatchObject({ products: 10_000, unknown: 10_000 });
    });

    it('answers 404 for a store the key cannot see and 403 without inventory:write', async () => {
      const body = {
        storeId: '00000000-0000-4000-8000-000000000000',
        levels: [{ identifier: 'A', available: 1 }],
      };
      await post(body).expect(404);
      const key = await request(env.t.server)
        .post('/api/v1/api-keys')
        .set(admin)
        .send({ name: 'reader', scopes: ['orders:read'] })
        .expect(201);
      const res = await post({ ...body, storeId }, bearer(key.body.key)).expect(403);
      expect(res.body.error.message).toContain('inventory:write');
      await request(env.t.server)
        .get('/api/v1/inventory/true-ups/00000000-0000-4000-8000-000000000000')
        .set(admin)
        .expect(404);
    });
  });

  it('reserves the units of orders the OMS never acknowledged, and only those', async () => {
    const [a, b, c] = [uniqueCode('RSV-A'), uniqueCode('RSV-B'), uniqueCode('RSV-C')];
    await addProducts(env, [
      { code: must(a, 'a'), inventory: 100 },
      { code: must(b, 'b'), inventory: 100 },
      { code: must(c, 'c'), inventory: 100 },
    ]);
    // Never acknowledged: 3 of A pending count; cancelled and shipped lines do not; the kit's
    // component C counts (2 kits of 1 part each).
    await orderWithLines(env, storeId, 101, [
      { sku: a, quantity: 3 },
      { sku: a, quantity: 2, status: 300 },
      { sku: b, quantity: 4, status: 200 },
      { sku: uniqueCode('KIT'), quantity: 2, parts: [{ sku: c, quantity: 1 }] },
    ]);
    // Acknowledged: the OMS has these in its numbers.
    const acked = await orderWithLines(env, storeId, 102, [
      { sku: a, quantity: 5 },
      { sku: b, quantity: 5 },
    ]);
    await acknowledge(env, acked.orderId, acked.revision);
    // Acknowledged at revision 1, changed since (revision 2 not acknowledged): the OMS has seen
    // the order, so its units are in its numbers too.
    const seen = await orderWithLines(env, storeId, 103, [{ sku: b, quantity: 7 }]);
    await acknowledge(env, seen.orderId, seen.revision);
    await sim(env.sim, 'PATCH', `/orders/${seen.mivaOrderId}`, { note: 'changed after import' });
    await download(env, storeId, seen.mivaOrderId);
    expect((await storedOrder(env, storeId, seen.mivaOrderId)).revision).toBe(2);

    const id = await trueUp(env, {
      storeId,
      levels: [
        { identifier: a, available: 50 },
        { identifier: b.toLowerCase(), available: 60 },
        { identifier: c, available: 70 },
      ],
    });
    const done = await finishedTrueUp(env, id);
    expect(done).toMatchObject({ id, storeId, apply: true, status: 'succeeded' });
    expect(done.finishedAt).not.toBeNull();
    expect(done.items).toEqual([
      {
        identifier: a,
        available: 50,
        reserved: 3,
        target: 47,
        miva: 100,
        delta: -53,
        result: 'applied',
        message: null,
      },
      {
        identifier: b.toLowerCase(),
        available: 60,
        reserved: 0,
        target: 60,
        miva: 100,
        delta: -40,
        result: 'applied',
        message: null,
      },
      {
        identifier: c,
        available: 70,
        reserved: 2,
        target: 68,
        miva: 100,
        delta: -32,
        result: 'applied',
        message: null,
      },
    ]);
    expect(done.counts).toEqual({
      products: 3,
      inSync: 0,
      drifted: 3,
      applied: 3,
      unknown: 0,
      untracked: 0,
      failed: 0,
    });
    expect([stock(env, must(a, 'a')), stock(env, must(b, 'b')), stock(env, must(c, 'c'))]).toEqual([
      47, 60, 68,
    ]);
  });

  it('keeps a checkout that happens between the read and the write', async () => {
    const { proxy, storeId: proxied } = await startProxiedStore(env);
    try {
      const code = uniqueCode('CHK');
      await addProducts(env, [{ code, inventory: 20 }]);
      // Right before the adjustment reaches Miva, a shopper buys 2 (after our read of 20).
      let checkedOut = false;
      proxy.holdWhen = (body) => {
        if (!checkedOut && body.includes('ProductList_Adjust_Inventory') && body.includes(code)) {
          checkedOut = true;
          product(env, code).product_inventory = stock(env, code) - 2;
        }
        return false;
      };
      const id = await trueUp(env, {
        storeId: proxied,
        levels: [{ identifier: code, available: 30 }],
      });
      const done = await finishedTrueUp(env, id);
      expect(checkedOut).toBe(true);
      expect(done.items[0]).toMatchObject({ miva: 20, target: 30, delta: 10, result: 'applied' });
      // Moved by +10, not set to 30: the checkout's 2 units stay sold.
      expect(stock(env, code)).toBe(28);
    } finally {
      await proxy.close();
    }
  });

  it('delivers earlier deltas before reading Miva and lands later ones on top', async () => {
    const relay = env.t.bridge.app.get(InventoryRelayService);
    const code = uniqueCode('DLV');
    await addProducts(env, [{ code, inventory: 10 }]);
    const adjust = (eventId: string, delta: number) =>
      request(env.t.server)
        .post('/api/v1/inventory/adjustments')
        .set(admin)
        .send({ storeId, adjustments: [{ eventId: uniqueCode(eventId), identifier: code, delta }] })
        .expect(202);
    await relay.stop();
    const since = lastCall(env);
    try {
      // Accepted before the true-up: the OMS's level of 40 already counts it.
      await adjust('before', 5);
      const id = await trueUp(env, { storeId, levels: [{ identifier: code, available: 40 }] });
      // Accepted after: it must land on top of the true-up's level.
      await adjust('after', 3);
      relay.start();
      const done = await finishedTrueUp(env, id);
      expect(done.items[0]).toMatchObject({ miva: 15, target: 40, delta: 25, result: 'applied' });
      await eventuallyStock(code, 43);
      // The earlier delta's adjustment reached Miva before the true-up's read.
      const calls = callsSince(env, since).map((fns) => fns.join('+'));
      const firstAdjust = calls.findIndex((c) => c.includes('ProductList_Adjust_Inventory'));
      const firstRead = calls.findIndex((c) => c.includes('ProductList_Load_Query'));
      expect(firstAdjust).toBeGreaterThanOrEqual(0);
      expect(firstAdjust).toBeLessThan(firstRead);
    } finally {
      relay.start();
    }
  });

  it('reports unknown and untracked products and writes nothing to them; apply:false writes nothing', async () => {
    const untracked = uniqueCode('UNT');
    const drift = uniqueCode('DRF');
    const same = uniqueCode('SAME');
    const unknown = uniqueCode('UNK');
    await addProducts(env, [
      { code: untracked, inventoryActive: false },
      { code: drift, inventory: 10 },
      { code: same, inventory: 4 },
    ]);
    const levels = [
      { identifier: untracked, available: 9 },
      { identifier: drift, available: 12 },
      { identifier: same, available: 4 },
      { identifier: unknown, available: 3 },
    ];
    const since = lastCall(env);
    const report = await finishedTrueUp(env, await trueUp(env, { storeId, apply: false, levels }));
    expect(report.apply).toBe(false);
    expect(report.items.map((i) => [i.identifier, i.result, i.miva, i.delta])).toEqual([
      [untracked, 'untracked', null, null],
      [drift, 'drifted', 10, 2],
      [same, 'in_sync', 4, 0],
      [unknown, 'unknown', null, null],
    ]);
    expect(report.counts).toEqual({
      products: 4,
      inSync: 1,
      drifted: 3,
      applied: 0,
      unknown: 1,
      untracked: 1,
      failed: 0,
    });
    expect(callsSince(env, since).flat()).not.toContain('ProductList_Adjust_Inventory');

    const applied = await finishedTrueUp(env, await trueUp(env, { storeId, levels }));
    expect(applied.items.map((i) => i.result)).toEqual([
      'untracked',
      'applied',
      'in_sync',
      'unknown',
    ]);
    expect(stock(env, drift)).toBe(12);
    // Still not tracked: an adjustment would have switched tracking on.
    expect(product(env, untracked).product_inventory_active).toBe(false);
  });

  it('fails a product Miva refuses with its message, applies the others and opens an exception', async () => {
    let proxy: HoldingProxy | undefined;
    try {
      const started = await startProxiedStore(env);
      proxy = started.proxy;
      const [gone, fine] = [uniqueCode('GONE'), uniqueCode('FINE')];
      await addProducts(env, [
        { code: gone, inventory: 1 },
        { code: fine, inventory: 1 },
      ]);
      // Deleted in Miva between our read and our write.
      proxy.holdWhen = (body) => {
        if (body.includes('ProductList_Adjust_Inventory') && body.includes(gone)) {
          env.sim.state.products.delete(product(env, gone).id);
          env.sim.state.productsChanged();
        }
        return false;
      };
      const id = await trueUp(env, {
        storeId: started.storeId,
        levels: [
          { identifier: gone, available: 5 },
          { identifier: fine, available: 6 },
        ],
      });
      const done = await finishedTrueUp(env, id);
      expect(done.items.map((i) => i.result)).toEqual(['failed', 'applied']);
      expect(done.items[0]?.message).toMatch(/Product not found/);
      expect(done.counts).toMatchObject({ applied: 1, failed: 1 });
      expect(stock(env, fine)).toBe(6);
      const exceptions = await request(env.t.server)
        .get('/api/v1/exceptions')
        .query({ storeId: started.storeId, kind: 'inventory', code: 'MIVA_REFUSED' })
        .set(admin)
        .expect(200);
      expect(exceptions.body.data).toEqual([
        expect.objectContaining({ kind: 'inventory', code: 'MIVA_REFUSED', status: 'open' }),
      ]);
      expect(exceptions.body.data[0].message).toMatch(/Product not found/);
    } finally {
      await proxy?.close();
    }
  });

  it('runs one true-up of a store at a time, the next after the first has applied', async () => {
    const code = uniqueCode('SEQ');
    await addProducts(env, [{ code, inventory: 10 }]);
    const first = await trueUp(env, { storeId, levels: [{ identifier: code, available: 20 }] });
    const second = await trueUp(env, { storeId, levels: [{ identifier: code, available: 25 }] });
    const [one, two] = [await finishedTrueUp(env, first), await finishedTrueUp(env, second)];
    expect(one.items[0]).toMatchObject({ miva: 10, delta: 10, result: 'applied' });
    // Read after the first was applied: moved by 5 more, not by 15.
    expect(two.items[0]).toMatchObject({ miva: 20, delta: 5, result: 'applied' });
    expect(stock(env, code)).toBe(25);
  });

  async function eventuallyStock(code: string, expected: number): Promise<void> {
    await eventually(
      () => Promise.resolve(stock(env, code) === expected),
      10_000,
      () => `stock of ${code} to be ${expected} (is ${stock(env, code)})`,
    );
  }
});
