// Listing syncs (docs/REST.md, "Listing syncs") against the real app and the Miva simulator:
// only differences are written, a repeated sync writes nothing, unknown products, refusals.
import request from 'supertest';
import { bearer } from '../support/test-app';
import {
  HoldingProxy,
  insertSimulatorStore,
  RelayEnv,
  startProxiedStore,
  startRelayEnv,
} from '../shipments/relay-fixtures';
import {
  addProducts,
  admin,
  callsSince,
  finished,
  lastCall,
  ListingSyncBody,
  product,
  uniqueCode,
} from './stock-support';

describe('listing syncs', () => {
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
    request(env.t.server).post('/api/v1/listings/syncs').set(auth).send(body);

  async function sync(body: object): Promise<ListingSyncBody> {
    const res = await post(body).expect(202);
    return finished<ListingSyncBody>(env, `/api/v1/listings/syncs/${res.body.id}`);
  }

  const updates = (since: number): number =>
    callsSince(env, since).filter((fns) => fns.includes('Product_Update')).length;

  it('refuses bad prices, listings that set nothing, repeats, and keys without listings:write', async () => {
    const bad = await post({
      storeId,
      listings: [
        { identifier: 'A', price: '19.9' },
        { identifier: 'B', price: -1 },
        { identifier: 'C' },
        { identifier: 'D', active: 'yes' },
      ],
    }).expect(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'listings.0.price',
      'listings.1.price',
      'listings.3.active',
    ]);
    const empty = await post({
      storeId,
      listings: [{ identifier: 'C' }, { identifier: 'c', active: true }],
    }).expect(400);
    expect(empty.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'listings.0',
      'listings.1.identifier',
    ]);
    await post({ storeId, listings: [] }).expect(400);
    const key = await request(env.t.server)
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: 'stock only', scopes: ['inventory:write'] })
      .expect(201);
    const refused = await post(
      { storeId, listings: [{ identifier: 'A', active: true }] },
      bearer(key.body.key),
    ).expect(403);
    expect(refused.body.error.message).toContain('listings:write');
    const scoped = await request(env.t.server)
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: 'listings', scopes: ['listings:write'] })
      .expect(201);
    await post(
      { storeId, listings: [{ identifier: 'A', active: true }] },
      bearer(scoped.body.key),
    ).expect(202);
  });

  it('writes only what differs, reports old and new, and a second identical sync writes nothing', async () => {
    const [price, hide, both, same] = [
      uniqueCode('LST-P'),
      uniqueCode('LST-H'),
      uniqueCode('LST-B'),
      uniqueCode('LST-S'),
    ];
    await addProducts(env, [
      { code: price, price: 18.99 },
      { code: hide, price: 5, active: true },
      { code: both, price: 7.5, active: false },
      { code: same, price: 3, active: true },
    ]);
    const listings = [
      { identifier: price, price: '19.99' },
      { identifier: hide, price: '5.00', active: false },
      { identifier: both, price: '8.00', active: true },
      { identifier: same, price: '3.00', active: true },
      { identifier: uniqueCode('LST-UNK'), price: '1.00' },
    ];
    let since = lastCall(env);
    const first = await sync({ storeId, listings });
    expect(first.status).toBe('succeeded');
    expect(first.items.map((i) => [i.result, i.changes])).toEqual([
      ['updated', { price: ['18.99', '19.99'] }],
      ['updated', { active: [true, false] }],
      ['updated', { price: ['7.50', '8.00'], active: [false, true] }],
      ['unchanged', {}],
      ['unknown', {}],
    ]);
    expect(first.counts).toEqual({ listings: 5, updated: 3, unchanged: 1, unknown: 1, failed: 0 });
    expect(updates(since)).toBe(1);
    expect([product(env, price).price, product(env, hide).active]).toEqual([19.99, false]);
    expect([product(env, both).price, product(env, both).active]).toEqual([8, true]);

    since = lastCall(env);
    const second = await sync({ storeId, listings });
    expect(second.counts).toEqual({ listings: 5, updated: 0, unchanged: 4, unknown: 1, failed: 0 });
    expect(updates(since)).toBe(0);
  });

  it('fails a listing Miva refuses, writes the others and opens an exception', async () => {
    let proxy: HoldingProxy | undefined;
    try {
      const started = await startProxiedStore(env);
      proxy = started.proxy;
      const [gone, fine] = [uniqueCode('LST-GONE'), uniqueCode('LST-FINE')];
      await addProducts(env, [
        { code: gone, price: 1 },
        { code: fine, price: 1 },
      ]);
      proxy.holdWhen = (body) => {
        if (body.includes('Product_Update') && body.includes(gone)) {
          env.sim.state.products.delete(product(env, gone).id);
          env.sim.state.productsChanged();
        }
        return false;
      };
      const res = await post({
        storeId: started.storeId,
        listings: [
          { identifier: gone, price: '2.00' },
          { identifier: fine, price: '2.00' },
        ],
      }).expect(202);
      const done = await finished<ListingSyncBody>(env, `/api/v1/listings/syncs/${res.body.id}`);
      expect(done.items.map((i) => i.result)).toEqual(['failed', 'updated']);
      expect(done.items[0]?.message).toMatch(/not found/i);
      expect(done.items[0]?.changes).toEqual({ price: ['1.00', '2.00'] });
      expect(product(env, fine).price).toBe(2);
      const exceptions = await request(env.t.server)
        .get('/api/v1/exceptions')
        .query({ storeId: started.storeId, kind: 'inventory' })
        .set(admin)
        .expect(200);
      expect(exceptions.body.data).toEqual([
        expect.objectContaining({
          code: 'MIVA_REFUSED',
          subject: { type: 'listing_sync', id: res.body.id },
        }),
      ]);
    } finally {
      await proxy?.close();
    }
  });
});
