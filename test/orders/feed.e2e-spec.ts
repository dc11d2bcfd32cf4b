import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { atLeast, first, must } from '../../src/common/must';
import { DEFAULT_MAPPER_SETTINGS } from '../../src/mappers/mapper-settings';
import { mapOrder } from '../../src/mappers/order.mapper';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { generateOrders } from '../../src/simulator/order-generator';
import { startDownloadApp } from '../download/download-app';
import { ADMIN_KEY, bearer, TestApp } from '../support/test-app';
import { createKey, edited, FeedOrder, getPage, IMPORT_ALL, ingest, pageAll } from './feed-support';

// The Order the API serves, key for key, in order (docs/REST.md §5.4).
const ORDER_KEYS = [
  'id',
  'storeId',
  'source',
  'sourceOrderId',
  'revision',
  'acknowledged',
  'changedAt',
  'status',
  'sourceStatus',
  'placedAt',
  'sourceUpdatedAt',
  'currency',
  'customer',
  'billTo',
  'shipTo',
  'shippingMethod',
  'lines',
  'charges',
  'payments',
  'notes',
  'customFields',
  'sourceCustomFields',
  'customerComments',
  'totals',
  'exceptions',
];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MONEY = /^-?\d+\.\d{2}$/;

// Generous: the suite shares a 2-core machine.
jest.setTimeout(120_000);

describe('orders feed: paging, filters, acknowledgements, scoping, bad input', () => {
  let t: TestApp;
  const storeA = randomUUID();
  const storeB = randomUUID();
  // Imports everything but cancelled orders: those are recorded, never offered.
  const storeC = randomUUID();
  const ordersA = generateOrders({ count: 30, seed: 11, firstOrderId: 200001 });
  const ordersB = generateOrders({ count: 8, seed: 12, firstOrderId: 300001 });
  const ordersC = generateOrders({ count: 16, seed: 13, firstOrderId: 400001 });
  const IMPORT_C = IMPORT_ALL.filter((s) => s !== 'cancelled');
  const statusOf = (o: MivaOrder): string => mapOrder(o, DEFAULT_MAPPER_SETTINGS).status;

  beforeAll(async () => {
    // The real app with its scheduler off (startDownloadApp).
    t = await startDownloadApp();
    await ingest(t, storeA, ordersA.slice(0, 20));
    await ingest(t, storeB, ordersB);
    await ingest(t, storeC, ordersC, IMPORT_C);
    await ingest(t, storeA, ordersA.slice(20));
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, key = ADMIN_KEY) => request(t.server).get(path).set(bearer(key));
  const ack = (orders: unknown, key = ADMIN_KEY) =>
    request(t.server).post('/api/v1/orders/acknowledgements').set(bearer(key)).send({ orders });
  const offeredC = () => ordersC.filter((o) => statusOf(o) !== 'cancelled');

  it('pages the whole feed in change order with no order skipped or repeated', async () => {
    const all = await pageAll(t, ADMIN_KEY, { limit: 7 });
    const expected = ordersA.length + ordersB.length + offeredC().length;
    expect(all.orders).toHaveLength(expected);
    expect(all.pages).toBe(Math.ceil(expected / 7));
    expect(new Set(all.orders.map((o) => o.id)).size).toBe(expected);
    // Commit order: A's first 20, then B, then C, then A's last 10.
    expect(all.orders.slice(0, 20).map((o) => o.sourceOrderId)).toEqual(
      ordersA.slice(0, 20).map((o) => o.id),
    );
    expect(all.orders.slice(-10).map((o) => o.sourceOrderId)).toEqual(
      ordersA.slice(20).map((o) => o.id),
    );
    const times = all.orders.map((o) => Date.parse(o.changedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // The same pages with a bigger limit: identical sequence.
    const big = await pageAll(t, ADMIN_KEY, { limit: 500 });
    expect(big.pages).toBe(1);
    expect(big.orders.map((o) => o.id)).toEqual(all.orders.map((o) => o.id));

    // The last page says "end for now"; its pollCursor resumes with only what changed since.
    const idle = await getPage(t, ADMIN_KEY, { limit: 7, cursor: all.pollCursor });
    expect(idle).toEqual({ data: [], nextCursor: null, pollCursor: all.pollCursor });
    const more = generateOrders({ count: 3, seed: 14, firstOrderId: 200101 });
    await ingest(t, storeA, more);
    const resumed = await pageAll(t, ADMIN_KEY, { limit: 7 }, all.pollCursor);
    expect(resumed.orders.map((o) => o.sourceOrderId)).toEqual(more.map((o) => o.id));
  });

  it('defaults to 100 per page and says when there is more', async () => {
    const page = await getPage(t, ADMIN_KEY, {});
    expect(page.data.length).toBeLessThanOrEqual(100);
    const one = await getPage(t, ADMIN_KEY, { limit: 1 });
    expect(one.data).toHaveLength(1);
    expect(one.nextCursor).toEqual(expect.any(String));
    expect(one.pollCursor).toBe(one.nextCursor);
  });

  it('serves the contract Order exactly, the same by id, by Miva id and in the feed', async () => {
    const source = must(ordersA[3], 'order 4 of store A');
    const res = await get(`/api/v1/stores/${storeA}/orders/${source.id}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const order = res.body as FeedOrder;
    expect(Object.keys(order)).toEqual(ORDER_KEYS);
    const { source: src, sourceOrderId, ...mapped } = mapOrder(source, DEFAULT_MAPPER_SETTINGS);
    expect(order).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      storeId: storeA,
      source: src,
      sourceOrderId,
      revision: 1,
      acknowledged: false,
      changedAt: expect.stringMatching(ISO_UTC),
      ...mapped,
    });
    for (const money of Object.values(order.totals as Record<string, string>)) {
      expect(money).toMatch(MONEY);
    }
    const byId = await get(`/api/v1/orders/${order.id}`).expect(200);
    expect(byId.text).toBe(res.text);
    const inFeed = (await pageAll(t, ADMIN_KEY, { storeId: storeA, limit: 500 })).orders.find(
      (o) => o.id === order.id,
    );
    expect(inFeed).toEqual(order);
  });

  it('answers concurrent reads by id each with its own order (upper-case ids too, unknown ones 404)', async () => {
    const orders = (await pageAll(t, ADMIN_KEY, { limit: 500 })).orders.slice(0, 20);
    const unknown = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const answers = await Promise.all([
      ...orders.map((o, i) => get(`/api/v1/orders/${i % 2 ? o.id.toUpperCase() : o.id}`)),
      get(`/api/v1/orders/${unknown}`),
    ]);
    expect(answers.map((r) => r.status)).toEqual([...orders.map(() => 200), 404]);
    expect(answers.slice(0, -1).map((r) => (r.body as FeedOrder).id)).toEqual(
      orders.map((o) => o.id),
    );
  });

  it('filters by store, status, updatedSince and acknowledgement', async () => {
    const onlyB = await pageAll(t, ADMIN_KEY, { storeId: storeB, limit: 3 });
    expect(onlyB.orders.map((o) => o.sourceOrderId)).toEqual(ordersB.map((o) => o.id));
    expect(onlyB.orders.every((o) => o.storeId === storeB)).toBe(true);

    const shipped = await pageAll(t, ADMIN_KEY, { status: 'shipped', limit: 4 });
    const expectedShipped = [...ordersA, ...ordersB, ...offeredC()].filter(
      (o) => statusOf(o) === 'shipped',
    );
    expect(shipped.orders.length).toBe(expectedShipped.length);
    expect(shipped.orders.length).toBeGreaterThan(0);
    expect(shipped.orders.every((o) => o.status === 'shipped')).toBe(true);

    const all = (await pageAll(t, ADMIN_KEY, { limit: 500 })).orders;
    const pivot = must(all[25], 'order 26');
    const since = await pageAll(t, ADMIN_KEY, { updatedSince: pivot.changedAt, limit: 500 });
    const expectedSince = all.filter((o) => Date.parse(o.changedAt) >= Date.parse(pivot.changedAt));
    expect(since.orders.map((o) => o.id)).toEqual(expectedSince.map((o) => o.id));
    expect(since.orders.map((o) => o.id)).toContain(pivot.id);
    expect(since.orders.length).toBeLessThan(all.length);
    // A date means UTC midnight; an offset is honoured.
    expect((await pageAll(t, ADMIN_KEY, { updatedSince: '2000-01-01' })).orders).toHaveLength(
      all.length,
    );
    expect(
      (await pageAll(t, ADMIN_KEY, { updatedSince: '2999-01-01T00:00:00+02:00' })).orders,
    ).toHaveLength(0);

    const combined = await pageAll(t, ADMIN_KEY, {
      storeId: storeA,
      status: 'shipped',
      acknowledged: false,
      limit: 2,
    });
    expect(combined.orders.every((o) => o.storeId === storeA && o.status === 'shipped')).toBe(true);
  });

  it('acknowledges by revision; a later change is unacknowledged again; stale and unknown', async () => {
    const store = randomUUID();
    const [o1, o2, o3] = atLeast(generateOrders({ count: 3, seed: 21, firstOrderId: 500001 }), 3);
    await ingest(t, store, [o1, o2, o3]);
    const before = await pageAll(t, ADMIN_KEY, { storeId: store, acknowledged: false });
    expect(before.orders).toHaveLength(3);
    const [a, b, c] = atLeast(before.orders, 3, 'orders');

    const firstAck = await ack([
      { id: a.id, revision: 1 },
      { id: b.id, revision: 1 },
    ]).expect(200);
    expect(firstAck.body).toEqual({ acknowledged: 2, stale: [], unknown: [] });
    // Idempotent: the same call again changes nothing and says the same.
    await ack([
      { id: a.id, revision: 1 },
      { id: b.id, revision: 1 },
    ]).expect(200, { acknowledged: 2, stale: [], unknown: [] });
    expect((await get(`/api/v1/orders/${a.id}`).expect(200)).body.acknowledged).toBe(true);
    const open = await pageAll(t, ADMIN_KEY, { storeId: store, acknowledged: false });
    expect(open.orders.map((o) => o.id)).toEqual([c.id]);
    const done = await pageAll(t, ADMIN_KEY, { storeId: store, acknowledged: true });
    expect(done.orders.map((o) => o.id)).toEqual([a.id, b.id]);

    // Order a changes in Miva: revision 2, unacknowledged again, at the end of the feed.
    expect((await ingest(t, store, [edited(o1, 'v2')])).updated).toBe(1);
    // A re-download with the same content is not a change.
    expect((await ingest(t, store, [edited(o1, 'v2')])).unchanged).toBe(1);
    const changed = await get(`/api/v1/orders/${a.id}`).expect(200);
    expect(changed.body).toMatchObject({ revision: 2, acknowledged: false });
    const reopened = await pageAll(t, ADMIN_KEY, { storeId: store, acknowledged: false });
    expect(reopened.orders.map((o) => [o.id, o.revision])).toEqual([
      [c.id, 1],
      [a.id, 2],
    ]);

    const missing = randomUUID();
    const mixed = await ack([
      { id: a.id, revision: 1 }, // moved on
      { id: c.id, revision: 2 }, // does not exist yet
      { id: missing, revision: 1 },
      { id: b.id, revision: 1 }, // already acknowledged
    ]).expect(200);
    expect(mixed.body).toEqual({ acknowledged: 1, stale: [a.id], unknown: [c.id, missing] });
    expect((await get(`/api/v1/orders/${a.id}`).expect(200)).body.acknowledged).toBe(false);
    expect((await get(`/api/v1/orders/${c.id}`).expect(200)).body.acknowledged).toBe(false);

    await ack([
      { id: a.id.toUpperCase(), revision: 2 },
      { id: c.id, revision: 1 },
    ]).expect(200, { acknowledged: 2, stale: [], unknown: [] });
    expect((await pageAll(t, ADMIN_KEY, { storeId: store, acknowledged: false })).orders).toEqual(
      [],
    );
  });

  it('never shows orders whose status the store does not import, until a revision is offered', async () => {
    const cancelled = ordersC.filter((o) => statusOf(o) === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    const ids = (await pageAll(t, ADMIN_KEY, { storeId: storeC, limit: 500 })).orders.map(
      (o) => o.sourceOrderId,
    );
    expect(ids).toEqual(offeredC().map((o) => o.id));
    const hidden = first(cancelled, 'a cancelled order');
    await get(`/api/v1/stores/${storeC}/orders/${hidden.id}`).expect(404);
    await pageAll(t, ADMIN_KEY, { status: 'cancelled', storeId: storeC }).then((r) =>
      expect(r.orders).toEqual([]),
    );

    // It is re-opened in Miva: the new revision has an imported status, so it is offered now.
    await ingest(t, storeC, [{ ...hidden, status: 100 }], IMPORT_C);
    const shown = await get(`/api/v1/stores/${storeC}/orders/${hidden.id}`).expect(200);
    expect(shown.body).toMatchObject({ status: 'processing', revision: 2 });
    // And once offered, a later cancellation is offered too.
    await ingest(t, storeC, [hidden], IMPORT_C);
    const again = await get(`/api/v1/stores/${storeC}/orders/${hidden.id}`).expect(200);
    expect(again.body).toMatchObject({ status: 'cancelled', revision: 3 });
  });

  describe('API keys', () => {
    it('a key for store A sees nothing of store B, on every route', async () => {
      const keyA = await createKey(t, ['orders:read', 'orders:ack'], [storeA]);
      const feed = await pageAll(t, keyA, { limit: 500 });
      expect(feed.orders.length).toBeGreaterThan(0);
      expect(feed.orders.every((o) => o.storeId === storeA)).toBe(true);

      // Its own store however the UUID is spelled.
      const upper = await pageAll(t, keyA, { storeId: storeA.toUpperCase(), limit: 500 });
      expect(upper.orders.map((o) => o.id)).toEqual(feed.orders.map((o) => o.id));
      await get(
        `/api/v1/stores/${storeA.toUpperCase()}/orders/${first(feed.orders).sourceOrderId}`,
        keyA,
      ).expect(200);

      const orderB = first((await pageAll(t, ADMIN_KEY, { storeId: storeB })).orders);
      for (const path of [
        `/api/v1/orders?storeId=${storeB}`,
        `/api/v1/orders/${orderB.id}`,
        `/api/v1/stores/${storeB}/orders/${orderB.sourceOrderId}`,
      ]) {
        const res = await get(path, keyA).expect(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
        expect(res.text).not.toContain(orderB.id);
      }
      const denied = await ack([{ id: orderB.id, revision: orderB.revision }], keyA).expect(200);
      expect(denied.body).toEqual({ acknowledged: 0, stale: [], unknown: [orderB.id] });
      expect((await get(`/api/v1/orders/${orderB.id}`).expect(200)).body.acknowledged).toBe(false);

      // A key for A and B sees both, and only those.
      const keyAB = await createKey(t, ['orders:read'], [storeA, storeB]);
      const both = await pageAll(t, keyAB, { limit: 500 });
      expect(new Set(both.orders.map((o) => o.storeId))).toEqual(new Set([storeA, storeB]));
    });

    it('reads need orders:read and acknowledgements orders:ack', async () => {
      const ackOnly = await createKey(t, ['orders:ack']);
      const readOnly = await createKey(t, ['orders:read']);
      const order = first((await getPage(t, readOnly, { limit: 1 })).data);
      for (const path of [
        '/api/v1/orders',
        `/api/v1/orders/${order.id}`,
        `/api/v1/stores/${order.storeId}/orders/${order.sourceOrderId}`,
      ]) {
        const res = await get(path, ackOnly).expect(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      await ack([{ id: order.id, revision: order.revision }], readOnly).expect(403);
      await ack([{ id: order.id, revision: order.revision }], ackOnly).expect(200);
      await request(t.server).get('/api/v1/orders').expect(401);
    });
  });

  describe('bad input is a 400, never a 500', () => {
    const badQueries: [string, Record<string, string>][] = [
      ['garbage cursor', { cursor: 'not-a-cursor!' }],
      ['a cursor that decodes to nothing', { cursor: 'AAAA' }],
      ['limit 0', { limit: '0' }],
      ['limit 501', { limit: '501' }],
      ['limit not a number', { limit: 'abc' }],
      ['limit fractional', { limit: '1.5' }],
      ['limit negative', { limit: '-1' }],
      ['unknown filter', { colour: 'red' }],
      ['unknown status', { status: 'lost' }],
      ['storeId not a UUID', { storeId: 'store-1' }],
      ['updatedSince garbage', { updatedSince: 'yesterday' }],
      ['updatedSince without a zone', { updatedSince: '2026-01-01T10:00:00' }],
      ['updatedSince impossible date', { updatedSince: '2026-02-30T00:00:00Z' }],
      ['acknowledged not a boolean', { acknowledged: 'maybe' }],
    ];
    it.each(badQueries)('GET /orders with %s', async (_name, query) => {
      const res = await request(t.server)
        .get('/api/v1/orders')
        .set(bearer(ADMIN_KEY))
        .query(query)
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.length).toBeGreaterThan(0);
    });

    it('repeated parameters are rejected', async () => {
      const res = await get('/api/v1/orders?status=shipped&status=pending').expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('a cursor used with other filters is refused', async () => {
      const page = await getPage(t, ADMIN_KEY, { storeId: storeA, limit: 2 });
      const res = await request(t.server)
        .get('/api/v1/orders')
        .set(bearer(ADMIN_KEY))
        .query({ storeId: storeB, limit: 2, cursor: page.nextCursor! })
        .expect(400);
      expect(res.body.error.details).toEqual([
        { field: 'cursor', message: expect.stringContaining('different filters') },
      ]);
      // A cursor is not tied to the page size.
      await request(t.server)
        .get('/api/v1/orders')
        .set(bearer(ADMIN_KEY))
        .query({ storeId: storeA, limit: 5, cursor: page.nextCursor! })
        .expect(200);
    });

    it('bad ids in paths', async () => {
      expect((await get('/api/v1/orders/123').expect(400)).body.error.code).toBe(
        'VALIDATION_FAILED',
      );
      await get(`/api/v1/orders/${randomUUID()}`).expect(404);
      await get(`/api/v1/stores/nope/orders/1`).expect(400);
      await get(`/api/v1/stores/${storeA}/orders/abc`).expect(400);
      await get(`/api/v1/stores/${storeA}/orders/0`).expect(400);
      await get(`/api/v1/stores/${storeA}/orders/99999999999`).expect(400);
      await get(`/api/v1/stores/${storeA}/orders/999999`).expect(404);
    });

    const badBodies: [string, unknown][] = [
      ['no orders', {}],
      ['empty orders', { orders: [] }],
      ['orders not an array', { orders: 'all' }],
      ['an entry not an object', { orders: [1] }],
      ['id not a UUID', { orders: [{ id: 'x', revision: 1 }] }],
      ['revision missing', { orders: [{ id: randomUUID() }] }],
      ['revision 0', { orders: [{ id: randomUUID(), revision: 0 }] }],
      ['revision a string', { orders: [{ id: randomUUID(), revision: '1' }] }],
      ['revision too big', { orders: [{ id: randomUUID(), revision: 2 ** 31 }] }],
      ['unknown field in an entry', { orders: [{ id: randomUUID(), revision: 1, x: 1 }] }],
      ['unknown top-level field', { orders: [{ id: randomUUID(), revision: 1 }], all: true }],
      [
        '1001 entries',
        { orders: Array.from({ length: 1001 }, () => ({ id: randomUUID(), revision: 1 })) },
      ],
    ];
    it.each(badBodies)('POST /orders/acknowledgements with %s', async (_name, body) => {
      const res = await request(t.server)
        .post('/api/v1/orders/acknowledgements')
        .set(bearer(ADMIN_KEY))
        .send(body as object)
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('1000 entries are accepted; malformed JSON is a 400', async () => {
      const res = await ack(
        Array.from({ length: 1000 }, () => ({ id: randomUUID(), revision: 1 })),
      );
      expect(res.status).toBe(200);
      expect(res.body.unknown).toHaveLength(1000);
      const bad = await request(t.server)
        .post('/api/v1/orders/acknowledgements')
        .set(bearer(ADMIN_KEY))
        .set('Content-Type', 'application/json')
        .send('{"orders": [')
        .expect(400);
      expect(bad.body.error.code).toBe('INVALID_JSON');
    });
  });

  it('is documented in the OpenAPI spec', async () => {
    const spec = (await request(t.server).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { summary?: string }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    for (const [path, method] of [
      ['/api/v1/orders', 'get'],
      ['/api/v1/orders/{id}', 'get'],
      ['/api/v1/stores/{storeId}/orders/{mivaOrderId}', 'get'],
      ['/api/v1/orders/acknowledgements', 'post'],
    ] as const) {
      expect(spec.paths[path]?.[method]?.summary).toEqual(expect.any(String));
    }
    expect(Object.keys(spec.components.schemas.OrderDto?.properties ?? {})).toEqual(ORDER_KEYS);
    expect(Object.keys(spec.components.schemas.OrderPageDto?.properties ?? {})).toEqual([
      'data',
      'nextCursor',
      'pollCursor',
    ]);
  });
});
