import { request } from 'undici';
import { atLeast, first, must } from '../../src/common/must';
import {
  MivaAttemptEvent,
  MivaClient,
  MivaClientOptions,
} from '../../src/modules/miva/miva-client';
import { MivaClientFactory } from '../../src/modules/miva/miva-client.factory';
import { MivaError } from '../../src/modules/miva/miva-errors';
import { MivaApi } from '../../src/modules/miva/miva-api';
import { MivaListQuery, where } from '../../src/modules/miva/miva-list-query';
import { ORDER_DOWNLOAD_COLUMNS, type MivaOrder } from '../../src/miva-model/miva.models';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';

// The client against the real simulator over HTTP, with the simulator's injected faults
// (its /__sim control API). Call counts come from the simulator's own call log.

const ORDERS = 1234;
const SEED = 11;

interface LogEntry {
  seq: number;
  functions: string[];
  status: number;
  authorized: boolean;
  error?: string;
}

describe('MivaClient against the simulator', () => {
  let sim: RunningSimulator;
  const opened: MivaClient[] = [];

  const control = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ) => {
    const res = await request(`${sim.controlUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await res.body.json();
    if (res.statusCode >= 300) {
      throw new Error(`control ${method} ${path}: ${res.statusCode} ${JSON.stringify(json)}`);
    }
    return json;
  };
  const faults = (patch: Record<string, unknown>) => control('PUT', '/faults', patch);
  const log = async (): Promise<LogEntry[]> =>
    ((await control('GET', '/log')) as { data: LogEntry[] }).data;

  const client = (options: MivaClientOptions = {}, overrides: Record<string, unknown> = {}) => {
    const c = new MivaClient(
      {
        endpointUrl: sim.endpointUrl,
        storeCode: sim.storeCode,
        accessToken: sim.accessToken,
        signingKey: sim.signingKey,
        ...overrides,
      },
      { baseDelayMs: 2, maxDelayMs: 20, ...options },
    );
    opened.push(c);
    return c;
  };
  const api = (options: MivaClientOptions = {}, overrides: Record<string, unknown> = {}) =>
    new MivaApi(client(options, overrides));

  beforeAll(async () => {
    sim = await startSimulator({ orders: ORDERS, seed: SEED });
  });

  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close()));
    await sim.close();
  });

  beforeEach(async () => {
    await control('DELETE', '/faults');
    await control('DELETE', '/log');
  });

  describe('requests and retries', () => {
    it('loads a page of orders with on-demand columns', async () => {
      const page = await api().loadOrders(
        MivaListQuery.create()
          .columns(...ORDER_DOWNLOAD_COLUMNS)
          .sort('id'),
        { count: 5, offset: 10 },
      );
      expect(page.total_count).toBe(ORDERS);
      expect(page.start_offset).toBe(10);
      expect(page.data).toHaveLength(5);
      const order: MivaOrder = first(page.data);
      expect(Array.isArray(order.items)).toBe(true);
      expect(Array.isArray(order.payments)).toBe(true);
      expect(order.CustomField_Values).toBeDefined();
      expect(page.data.map((o) => o.id)).toEqual(
        [...page.data.map((o) => o.id)].sort((a, b) => a - b),
      );
    });

    it('works with every signature digest the token accepts', async () => {
      await expect(
        api({}, { signatureDigest: 'sha1' }).loadOrderCustomFields(),
      ).resolves.toBeInstanceOf(Array);
      // This token requires a signature, so the plain scheme is refused (Miva's wording).
      await expect(
        api({}, { signatureDigest: 'none' }).loadOrderCustomFields(),
      ).rejects.toMatchObject({
        kind: 'access_denied',
        message: expect.stringContaining('Timestamp requires request signature'),
      });
    });

    it('retries injected 5xx on a read and succeeds', async () => {
      await faults({ failNext: 2, failStatus: 500 });
      const events: MivaAttemptEvent[] = [];
      const fields = await api({ onAttempt: (e) => events.push(e) }).loadOrderCustomFields();
      expect(fields.length).toBeGreaterThan(0);
      const entries = await log();
      expect(entries.map((e) => e.status)).toEqual([500, 500, 200]);
      expect(events.map((e) => e.statusCode)).toEqual([500, 500, 200]);
      expect(events[0]?.retryInMs).toBeDefined();
    });

    it('retries a 5xx rate until the calls get through', async () => {
      await faults({ failRate: 0.3, faultSeed: 42 });
      const a = api({ maxRetries: 8 });
      for (let i = 0; i < 15; i++) {
        await a.loadOrders(undefined, { count: 1, offset: i });
      }
      const entries = await log();
      expect(entries.filter((e) => e.status === 200)).toHaveLength(15);
      expect(entries.some((e) => e.status === 500)).toBe(true);
    });

    it('gives up after maxRetries with the attempt count', async () => {
      await faults({ failNext: 10, failStatus: 500 });
      const error = (await api({ maxRetries: 3 })
        .loadOrderCustomFields()
        .catch((e: unknown) => e)) as MivaError;
      expect(error).toBeInstanceOf(MivaError);
      expect(error).toMatchObject({ kind: 'http_status', httpStatus: 500, attempts: 4 });
      expect(await log()).toHaveLength(4);
    });

    it('retries a 503 on a write (not applied) but never an ambiguous 500', async () => {
      const product = [...sim.state.products.values()].find((p) => p.product_inventory_active)!;
      const before = product.product_inventory!;
      await faults({ failNext: 2, failStatus: 503 });
      await api().adjustInventory([{ product_code: product.code, adjustment: 5 }]);
      expect(product.product_inventory).toBe(before + 5);
      expect((await log()).map((e) => e.status)).toEqual([503, 503, 200]);

      await control('DELETE', '/log');
      await faults({ failNext: 1, failStatus: 500 });
      const error = (await api()
        .adjustInventory([{ product_code: product.code, adjustment: 5 }])
        .catch((e: unknown) => e)) as MivaError;
      expect(error).toMatchObject({ kind: 'http_status', outcomeUnknown: true, attempts: 1 });
      expect(await log()).toHaveLength(1);
    });

    it('retries a truncated body on a read, and reports it as outcome unknown on a write', async () => {
      await faults({ truncateNext: 1 });
      const page = await api().loadOrders(undefined, { count: 3 });
      expect(page.data).toHaveLength(3);
      expect((await log()).length).toBe(2);

      // The simulator applied the write before cutting the answer: retrying would apply it twice.
      const product = [...sim.state.products.values()].find((p) => p.product_inventory_active)!;
      const before = product.product_inventory!;
      await faults({ truncateNext: 1 });
      const error = (await api()
        .adjustInventory([{ product_id: product.id, adjustment: 1 }])
        .catch((e: unknown) => e)) as MivaError;
      expect(error).toMatchObject({ kind: 'bad_response', outcomeUnknown: true });
      expect(product.product_inventory).toBe(before + 1);
    });

    it('times out slow answers and retries reads within the bound', async () => {
      await faults({ latencyMs: 400 });
      const events: MivaAttemptEvent[] = [];
      const error = (await api({ timeoutMs: 100, maxRetries: 1, onAttempt: (e) => events.push(e) })
        .loadOrderCustomFields()
        .catch((e: unknown) => e)) as MivaError;
      expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
      expect(events.map((e) => e.error?.kind)).toEqual(['timeout', 'timeout']);
      // The simulator still answers both abandoned requests later; let them land here, not in
      // the log of a later test.
      for (const deadline = Date.now() + 5000; (await log()).length < 2 && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });

    it('retries api_offline (503) and reports it when it persists', async () => {
      await faults({ apiOffline: true });
      const error = (await api({ maxRetries: 2 })
        .loadOrderCustomFields()
        .catch((e: unknown) => e)) as MivaError;
      expect(error).toMatchObject({ kind: 'api_offline', httpStatus: 503, attempts: 3 });
      expect(await log()).toHaveLength(3);
    });
  });

  describe('credentials', () => {
    afterEach(async () => {
      await control('PUT', '/token', { enabled: true });
    });

    it.each([
      ['a wrong token', { accessToken: 'deadbeefdeadbeefdeadbeefdeadbeef' }, 'Access denied'],
      [
        'a wrong signing key',
        { signingKey: Buffer.alloc(32, 7).toString('base64') },
        'Invalid request signature',
      ],
    ])('never retries access_denied (%s)', async (_name, overrides, message) => {
      const error = (await api({ maxRetries: 5 }, overrides)
        .loadOrderCustomFields()
        .catch((e: unknown) => e)) as MivaError;
      expect(error).toMatchObject({ kind: 'access_denied', code: 'access_denied', attempts: 1 });
      expect(error.message).toContain(message);
      const entries = await log();
      expect(entries).toHaveLength(1);
      expect(entries[0]?.authorized).toBe(false);
      expect(error.message).not.toContain(sim.signingKey);
    });

    it('reports a disabled token and a skewed clock as access_denied, once', async () => {
      await control('PUT', '/token', { enabled: false });
      await expect(api().loadOrderCustomFields()).rejects.toMatchObject({
        kind: 'access_denied',
        message: expect.stringContaining('Token is disabled'),
      });
      await control('PUT', '/token', { enabled: true });
      await faults({ clockSkewSeconds: 600 });
      await expect(api().loadOrderCustomFields()).rejects.toMatchObject({
        kind: 'access_denied',
        message: expect.stringContaining('Timestamp outside configured window'),
      });
      expect(await log()).toHaveLength(2);
      // Within the window a skew is harmless.
      await faults({ clockSkewSeconds: 30 });
      await expect(api().loadOrderCustomFields()).resolves.toBeInstanceOf(Array);
    });

    it('classifies a wrong store code, an unknown queue and unknown functions', async () => {
      await expect(api({}, { storeCode: 'NOPE' }).loadOrderCustomFields()).rejects.toMatchObject({
        kind: 'not_found',
        code: 'MER-JSN-00016',
      });
      await expect(
        api().loadQueueOrders('no_such_queue', undefined, { count: 1 }),
      ).rejects.toMatchObject({
        kind: 'not_found',
        code: 'MER-UTIL-ORWF-00030',
        functionName: 'QueueOrderList_Load_Query',
      });
      await expect(client().call('NoSuch_Function')).rejects.toMatchObject({
        kind: 'invalid_function',
      });
      await expect(
        client().call('Module', { Module_Code: 'orderworkflow', Module_Function: 'Nope' }),
      ).rejects.toMatchObject({ kind: 'invalid_function', code: 'MER-UTIL-ORWF-00117' });
      // None of these is retried.
      expect(await log()).toHaveLength(4);
    });

    it('checks credentials without moving any order, and names the failing check', async () => {
      await control('POST', '/workflow', { mode: 'retrieve_moves' });
      try {
        const queuesBefore = await control('GET', '/queues');
        const ok = await api().checkCredentials({
          queueCode: 'new_and_updated',
          acknowledge: true,
          customFields: true,
        });
        expect(ok).toEqual({
          ok: true,
          checks: ['orders', 'queue', 'acknowledge', 'custom_fields'],
        });
        expect(await api().checkCredentials({ orders: false })).toEqual({
          ok: true,
          checks: ['custom_fields'],
        });
        expect(await control('GET', '/queues')).toEqual(queuesBefore);
        const queueReads = (await log()).filter((e) =>
          e.functions.some((f) => f.includes('Queue')),
        );
        expect(queueReads).toHaveLength(1);

        const badQueue = await api().checkCredentials({ queueCode: 'missing_queue' });
        expect(badQueue).toMatchObject({ ok: false, check: 'queue', unreachable: false });

        const badToken = await api(
          {},
          { accessToken: 'deadbeefdeadbeefdeadbeefdeadbeef' },
        ).checkCredentials();
        expect(badToken).toMatchObject({ ok: false, check: 'orders', unreachable: false });
        expect(!badToken.ok && badToken.error.kind).toBe('access_denied');

        const badStore = await api({}, { storeCode: 'OTHER' }).checkCredentials();
        expect(badStore).toMatchObject({ ok: false, check: 'orders', unreachable: false });
        expect(!badStore.ok && badStore.error.message).toContain('Store not found');

        const down = await api(
          { maxRetries: 1 },
          { endpointUrl: 'http://127.0.0.1:9/mm5/json.mvc' },
        ).checkCredentials();
        expect(down).toMatchObject({ ok: false, check: 'orders', unreachable: true });
        expect(!down.ok && down.error.kind).toBe('network');
      } finally {
        await control('POST', '/workflow', { mode: 'ack' });
      }
    });
  });

  describe('functions', () => {
    it('reports input errors with the offending fields, never retried', async () => {
      const a = api();
      const noLines = (await a
        .createShipment(ORDERS_FIRST_ID(), [])
        .catch((e: unknown) => e)) as MivaError;
      expect(noLines).toMatchObject({ kind: 'invalid_input', code: 'MER-JSN-00023' });
      expect(noLines.fields).toEqual([
        { field: 'Line_IDs', message: 'Missing required parameter' },
      ]);

      const badSku = (await a
        .adjustInventory([
          { product_sku: first([...sim.state.products.values()]).sku, adjustment: 1 },
          { product_code: 'NO-SUCH-PRODUCT', adjustment: 1 },
        ])
        .catch((e: unknown) => e)) as MivaError;
      expect(badSku.kind).toBe('invalid_input');
      expect(badSku.fields).toEqual([
        { field: 'Inventory_Adjustments[2]:product_code', message: 'Product not found' },
      ]);
      expect(await log()).toHaveLength(2);
    });

    it('splits an item, creates a shipment and marks it shipped with tracking', async () => {
      const order = [...sim.state.orders.values()]
        .map((r) => r.order)
        .find((o) => (o.items ?? []).some((i) => i.quantity >= 2 && i.status === 0))!;
      const item = order.items!.find((i) => i.quantity >= 2 && i.status === 0)!;
      const a = api();
      const split = await a.splitOrderItem(order.id, item.line_id, 1);
      expect(split.split_orderitem.quantity).toBe(1);
      expect(split.original_orderitem.line_id).toBe(item.line_id);

      const shipment = await a.createShipment(order.id, [split.split_orderitem.line_id]);
      expect(shipment.order_id).toBe(order.id);
      expect(shipment.status).toBe(100);

      const updated = await a.updateShipments([
        {
          shpmnt_id: shipment.id,
          mark_shipped: true,
          tracknum: '1Z999',
          tracktype: 'UPS',
          cost: 7.1,
        },
      ]);
      expect(updated.ok).toBe(true);
      const stored = sim.state.shipments.get(shipment.id)!;
      expect(stored).toMatchObject({ status: 200, tracknum: '1Z999', tracktype: 'UPS', cost: 7.1 });
    });

    it('acknowledges orders and surfaces unknown ids as warnings', async () => {
      const ids = sim.state.orderIds().slice(0, 3);
      const result = await api().acknowledgeOrders([...ids, 999999999]);
      expect(result).toMatchObject({
        expected: 4,
        processed: 4,
        short: false,
        notFound: [999999999],
      });
      expect(result.warnings).toEqual([
        { identifier: '999999999', code: 'MER-UTIL-ORWF-00180', message: 'Order not found' },
      ]);
      for (const id of ids) {
        expect(sim.state.inQueue('successfully_retrieved_orders', id)).toBe(true);
        expect(sim.state.inQueue('new_and_updated', id)).toBe(false);
      }
    });

    it('updates products with iterations, each result on its own', async () => {
      const [p1, p2] = atLeast([...sim.state.products.values()], 2, 'products');
      const results = await api().updateProducts([
        { Product_Code: p1.code, Product_Inventory: 42 },
        { Product_Code: 'NO-SUCH-PRODUCT', Product_Inventory: 1 },
        { Product_ID: p2.id, Product_Price: 12.5 },
      ]);
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
      const unknown = must(results[1], 'the second result');
      expect(!unknown.ok && unknown.error.kind).toBe('not_found');
      expect(sim.state.products.get(p1.id)!.product_inventory).toBe(42);
      expect(sim.state.products.get(p2.id)!.price).toBe(12.5);
    });

    it('filters with the builder as Miva does (AND across search filters, IN, SUBWHERE)', async () => {
      const all = [...sim.state.orders.values()].map((r) => r.order);
      const minTotal = 100;
      const expected = all
        .filter((o) => [0, 100].includes(o.status) && (o.total > minTotal || o.ship_cntry === 'CA'))
        .map((o) => o.id)
        .sort((a, b) => a - b);
      const query = MivaListQuery.create()
        .where(where.in('status', [0, 100]))
        .where(where.gt('total', minTotal), where.eq('ship_cntry', 'CA'))
        .sort('id');
      const ids: number[] = [];
      for await (const page of api().paginateOrders(query, { pageSize: 200 })) {
        ids.push(...page.items.map((o) => o.id));
      }
      expect(expected.length).toBeGreaterThan(0);
      expect(ids).toEqual(expected);
    });
  });

  describe('multicall', () => {
    it('resumes a 206 partial answer until every operation ran exactly once', async () => {
      const product = [...sim.state.products.values()].find((p) => p.product_inventory_active)!;
      const before = product.product_inventory!;
      await faults({ multicallStopAfter: 2 });
      const ops = [
        ...Array.from({ length: 5 }, () => ({
          function: 'ProductList_Adjust_Inventory',
          params: { Inventory_Adjustments: [{ product_id: product.id, adjustment: 1 }] },
        })),
        { function: 'OrderList_Load_Query', params: { Count: 2 } },
        {
          function: 'Product_Update',
          iterations: [{ Product_ID: product.id }, { Product_Code: 'NOPE' }],
        },
      ];
      const result = await client().multicall(ops);
      expect(result.continuations).toBe(3);
      expect(result.results).toHaveLength(7);
      expect(product.product_inventory).toBe(before + 5);
      const list = result.results[5];
      expect(
        list !== undefined &&
          !Array.isArray(list) &&
          list.ok &&
          (list.data as { data: unknown[] }).data,
      ).toHaveLength(2);
      const iterations = result.results[6];
      expect(Array.isArray(iterations) && iterations.map((r) => r.ok)).toEqual([true, false]);
      const entries = await log();
      expect(entries.map((e) => [e.status, e.functions.length])).toEqual([
        [206, 2],
        [206, 2],
        [206, 2],
        [200, 1],
      ]);
    });

    it('resumes after the X-Miva-API-Timeout batch timeout', async () => {
      await faults({ operationDelayMs: 1100 });
      const ops = Array.from({ length: 3 }, (_, i) => ({
        function: 'OrderList_Load_Query',
        params: { Count: 1, Offset: i },
      }));
      const result = await client({ apiTimeoutSeconds: 1 }).multicall(ops);
      expect(result.continuations).toBe(2);
      const ids = result.results.map((r) =>
        !Array.isArray(r) && r.ok ? (r.data as { data: MivaOrder[] }).data[0]?.id : null,
      );
      expect(ids).toEqual(sim.state.orderIds().slice(0, 3));
    });

    it('returns a credential failure of a multicall as one thrown error', async () => {
      await expect(
        client({}, { accessToken: 'deadbeefdeadbeefdeadbeefdeadbeef' }).multicall([
          { function: 'OrderList_Load_Query', params: { Count: 1 } },
        ]),
      ).rejects.toMatchObject({ kind: 'access_denied', completedOperations: 0 });
    });
  });

  describe('pagination', () => {
    it('reads every order across many pages, in order, once, with concurrent fetches', async () => {
      const seen: number[] = [];
      let pages = 0;
      const query = MivaListQuery.create()
        .columns('items', 'payments', 'CustomField_Values:*')
        .sort('id');
      for await (const page of api({ concurrency: 4 }).paginateOrders(query, {
        pageSize: 50,
        concurrency: 4,
      })) {
        pages += 1;
        seen.push(...page.items.map((o) => o.id));
      }
      expect(pages).toBe(Math.ceil(ORDERS / 50));
      expect(seen).toEqual(sim.state.orderIds());
      const calls = (await log()).filter((e) => e.functions[0] === 'OrderList_Load_Query');
      expect(calls).toHaveLength(pages);
    });

    it('keeps paging through injected faults', async () => {
      await faults({ failRate: 0.2, truncateRate: 0.1, faultSeed: 7 });
      const seen: number[] = [];
      for await (const order of paginateIds(api({ maxRetries: 10 }), 100)) {
        seen.push(order);
      }
      expect(seen).toEqual(sim.state.orderIds());
    });

    it('fails loudly when a queue read removes orders from the queue mid-way', async () => {
      await control('POST', '/reset', { orders: 300, seed: SEED });
      await control('POST', '/workflow', { mode: 'retrieve_moves' });
      try {
        const walk = async () => {
          for await (const _page of api().paginateQueueOrders('new_and_updated', undefined, {
            pageSize: 100,
          })) {
            // reading moves each page's orders out of the queue
          }
        };
        await expect(walk()).rejects.toMatchObject({ kind: 'pagination_inconsistent' });
      } finally {
        await control('POST', '/workflow', { mode: 'ack' });
        await control('POST', '/reset', { orders: ORDERS, seed: SEED });
      }
    });
  });

  describe('MivaClientFactory', () => {
    it('shares one pool per origin and closes it on shutdown', async () => {
      const factory = new MivaClientFactory({ baseDelayMs: 2 });
      const connection = {
        endpointUrl: sim.endpointUrl,
        storeCode: sim.storeCode,
        accessToken: sim.accessToken,
        signingKey: sim.signingKey,
      };
      const a = factory.create(connection);
      const b = factory.create({ ...connection, storeCode: sim.storeCode.toLowerCase() });
      await Promise.all([a.loadOrderCustomFields(), b.loadOrderCustomFields()]);
      expect(factory.origins).toEqual([new URL(sim.endpointUrl).origin]);
      // One client per store while its settings hold; a new one when a credential changes.
      const s1 = factory.forStore('store-1', connection);
      expect(factory.forStore('store-1', { ...connection })).toBe(s1);
      const rotated = factory.forStore('store-1', { ...connection, signatureDigest: 'sha1' });
      expect(rotated).not.toBe(s1);
      await expect(rotated.loadOrderCustomFields()).resolves.toBeInstanceOf(Array);
      factory.forget('store-1');
      expect(factory.forStore('store-1', connection)).not.toBe(s1);
      await factory.onApplicationShutdown();
      expect(factory.origins).toEqual([]);
      await expect(a.loadOrderCustomFields()).rejects.toBeInstanceOf(MivaError);
      expect(() => factory.create(connection)).toThrow(MivaError);
    });
  });

  // Helpers that need `sim`.
  function ORDERS_FIRST_ID(): number {
    return first(sim.state.orderIds());
  }
});

async function* paginateIds(api: MivaApi, pageSize: number): AsyncGenerator<number> {
  for await (const page of api.paginateOrders(MivaListQuery.create().sort('id'), {
    pageSize,
    concurrency: 3,
  })) {
    yield* page.items.map((o) => o.id);
  }
}
