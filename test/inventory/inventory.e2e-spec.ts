import request from 'supertest';
import { first, must } from '../../src/common/must';
import { InventoryRelayService } from '../../src/modules/inventory/inventory-relay.service';
import type { BridgeApp } from '../../src/bridge-app';
import { InventoryBatchesRepository } from '../../src/modules/inventory/inventory-batches.repository';
import { bearer } from '../support/test-app';
import {
  ADMIN_KEY,
  eventually,
  HoldingProxy,
  insertSimulatorStore,
  RelayEnv,
  startProxiedStore,
  startRelayEnv,
  startSecondInstance,
} from '../shipments/relay-fixtures';

const admin = bearer(ADMIN_KEY);

interface EventBody {
  id: string;
  eventId: string;
  identifier: string;
  delta: number;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

let counter = 0;
const uniqueId = (prefix: string): string => `${prefix}-${Date.now()}-${++counter}`;

describe('inventory: OMS deltas → Miva', () => {
  let env: RelayEnv;
  let storeId: string;
  let relay: InventoryRelayService;

  beforeAll(async () => {
    env = await startRelayEnv();
    storeId = await insertSimulatorStore(env.t.bridge, env.sim);
    relay = env.t.bridge.app.get(InventoryRelayService);
  });

  afterAll(async () => {
    await env.close();
  });

  const stock = (sku: string): number => {
    return first(env.sim.state.findProduct({ sku }), sku).product_inventory ?? 0;
  };
  const adjustCalls = (): number =>
    env.sim.state.log.filter((e) => e.functions.includes('ProductList_Adjust_Inventory')).length;

  const post = (
    body: {
      storeId: string;
      adjustments: { eventId: string; identifier: string; delta: number }[];
    },
    auth = admin,
  ) => request(env.t.server).post('/api/v1/inventory/adjustments').set(auth).send(body);

  async function events(store: string, status?: string): Promise<EventBody[]> {
    const res = await request(env.t.server)
      .get('/api/v1/inventory/adjustments')
      .query({ storeId: store, limit: 1000, ...(status ? { status } : {}) })
      .set(admin)
      .expect(200);
    return res.body as EventBody[];
  }

  async function settled(store: string, eventIds: string[]): Promise<EventBody[]> {
    let last: EventBody[] = [];
    return eventually(
      async () => {
        last = (await events(store)).filter((e) => eventIds.includes(e.eventId));
        return last.length === eventIds.length && last.every((e) => e.status !== 'pending')
          ? last
          : undefined;
      },
      20_000,
      () => `events to settle: ${JSON.stringify(last.filter((e) => e.status === 'pending'))}`,
    );
  }

  it('applies a phone order (-1) and a received purchase order (+50) in real time', async () => {
    const before = stock('MUG-001');
    const phone = uniqueId('phone');
    const po = uniqueId('po-5512-line-3');
    const res = await post({
      storeId,
      adjustments: [
        { eventId: phone, identifier: 'MUG-001', delta: -1 },
        { eventId: po, identifier: 'MUG-001', delta: 50 },
      ],
    }).expect(202);
    expect(res.body).toEqual({ accepted: 2, duplicates: 0, conflicts: [] });
    const done = await settled(storeId, [phone, po]);
    expect(done.map((e) => e.status)).toEqual(['sent', 'sent']);
    expect(done.every((e) => e.sentAt !== null && e.lastError === null)).toBe(true);
    expect(stock('MUG-001')).toBe(before + 49);
  });

  it('reports duplicates and never applies an eventId twice', async () => {
    const before = stock('CAP-001');
    const a = uniqueId('dup-a');
    const b = uniqueId('dup-b');
    await post({
      storeId,
      adjustments: [
        { eventId: a, identifier: 'CAP-001', delta: 5 },
        { eventId: a, identifier: 'CAP-001', delta: 5 },
      ],
    })
      .expect(202)
      .expect({ accepted: 1, duplicates: 1, conflicts: [] });
    await settled(storeId, [a]);
    // Seen before (even once delivered): never applied again; with another delta it is a
    // conflict, reported with what the eventId was recorded with.
    await post({
      storeId,
      adjustments: [
        { eventId: a, identifier: 'CAP-001', delta: 7 },
        { eventId: b, identifier: 'CAP-001', delta: -2 },
      ],
    })
      .expect(202)
      .expect({
        accepted: 1,
        duplicates: 0,
        conflicts: [
          {
            eventId: a,
            identifier: 'CAP-001',
            delta: 7,
            recorded: { identifier: 'CAP-001', delta: 5 },
          },
        ],
      });
    await settled(storeId, [b]);
    expect(stock('CAP-001')).toBe(before + 5 - 2);
  });

  it('coalesces pending deltas per product into one Miva call', async () => {
    await relay.stop();
    const skus = ['PRT001', 'PRT002', 'PRT003'];
    const before = skus.map(stock);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const eventId = uniqueId('burst');
      ids.push(eventId);
      await post({
        storeId,
        adjustments: [
          { eventId, identifier: must(skus[i % 3], 'a SKU'), delta: i % 2 === 0 ? 3 : -1 },
        ],
      }).expect(202);
    }
    const calls = adjustCalls();
    relay.start();
    await settled(storeId, ids);
    expect(adjustCalls() - calls).toBe(1);
    const expected = skus.map((_, p) =>
      [...Array(30).keys()]
        .filter((i) => i % 3 === p)
        .reduce((s, i) => s + (i % 2 === 0 ? 3 : -1), 0),
    );
    expect(skus.map(stock)).toEqual(before.map((b, p) => b + (expected[p] ?? 0)));
    // The marker records the batch in the same request.
    const marked = first(env.sim.state.findProduct({ sku: 'PRT001' }));
    expect(marked.CustomField_Values?.customfields?.oms_bridge_batch).toEqual(expect.any(String));
  });

  it('parks a bad SKU with Miva’s message and delivers the rest of the batch', async () => {
    await relay.stop();
    const before = [stock('PRT010'), stock('PRT011')] as const;
    const good1 = uniqueId('good');
    const bad = uniqueId('bad');
    const good2 = uniqueId('good');
    await post({
      storeId,
      adjustments: [
        { eventId: good1, identifier: 'PRT010', delta: 4 },
        { eventId: bad, identifier: 'NO-SUCH-SKU', delta: 9 },
        { eventId: good2, identifier: 'PRT011', delta: -3 },
      ],
    }).expect(202);
    relay.start();
    const done = await settled(storeId, [good1, bad, good2]);
    const byId = new Map(done.map((e) => [e.eventId, e]));
    expect(byId.get(good1)!.status).toBe('sent');
    expect(byId.get(good2)!.status).toBe('sent');
    expect(byId.get(bad)).toMatchObject({ status: 'failed' });
    expect(byId.get(bad)!.lastError).toMatch(/NO-SUCH-SKU.*Product not found/);
    expect([stock('PRT010'), stock('PRT011')]).toEqual([before[0] + 4, before[1] - 3]);
    const failed = await events(storeId, 'failed');
    expect(failed.map((e) => e.eventId)).toContain(bad);
  });

  it('keeps everything while Miva is down and delivers it, in order, once it is back', async () => {
    const skus = ['PRT020', 'PRT021', 'PRT022', 'PRT023'];
    const before = skus.map(stock);
    env.sim.state.setFaults({ apiOffline: true });
    const ids: string[] = [];
    const expected = skus.map(() => 0);
    for (let round = 0; round < 8; round++) {
      const adjustments = skus.map((sku, p) => {
        const delta = (round + p) % 3 === 0 ? -2 : round + 1;
        expected[p] = (expected[p] ?? 0) + delta;
        const eventId = uniqueId(`down-${round}-${p}`);
        ids.push(eventId);
        return { eventId, identifier: sku, delta };
      });
      await post({ storeId, adjustments }).expect(202);
      await new Promise((r) => setTimeout(r, 60));
    }
    // Miva refuses for a while: nothing is applied, nothing is lost, nothing is parked.
    await eventually(
      async () => ((await events(storeId)).some((e) => e.attempts >= 2) ? true : undefined),
      10_000,
      'retries while Miva is down',
    );
    expect(skus.map(stock)).toEqual(before);
    expect((await events(storeId, 'failed')).filter((e) => ids.includes(e.eventId))).toEqual([]);

    env.sim.state.setFaults({ apiOffline: false });
    const done = await settled(storeId, ids);
    expect(done.every((e) => e.status === 'sent')).toBe(true);
    expect(skus.map(stock)).toEqual(before.map((b, p) => b + (expected[p] ?? 0)));
    // In order per product: a later event never reached Miva before an earlier one.
    for (const sku of skus) {
      const mine = done
        .filter((e) => e.identifier === sku)
        .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
      const times = mine.map((e) => Date.parse(e.sentAt!));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it('validates the body, the store and the key', async () => {
    const eventId = uniqueId('v');
    await post({ storeId, adjustments: [{ eventId, identifier: 'MUG-001', delta: 0 }] }).expect(
      400,
    );
    await post({ storeId, adjustments: [] }).expect(400);
    await post({
      storeId: '00000000-0000-4000-8000-000000000000',
      adjustments: [{ eventId, identifier: 'MUG-001', delta: 1 }],
    }).expect(404);
    const key = async (scopes: string[], storeIds?: string[]): Promise<Record<string, string>> => {
      const res = await request(env.t.server)
        .post('/api/v1/api-keys')
        .set(admin)
        .send({ name: 'k', scopes, storeIds })
        .expect(201);
      return bearer(res.body.key as string);
    };
    const body = { storeId, adjustments: [{ eventId, identifier: 'MUG-001', delta: 1 }] };
    await post(body, await key(['orders:read'])).expect(403);
    await post(
      body,
      await key(['inventory:write'], ['00000000-0000-4000-8000-000000000001']),
    ).expect(404);
    const writer = await key(['inventory:write'], [storeId]);
    await post(body, writer).expect(202).expect({ accepted: 1, duplicates: 0, conflicts: [] });
    await request(env.t.server)
      .get('/api/v1/inventory/adjustments')
      .query({ storeId, status: 'bogus' })
      .set(writer)
      .expect(400);
  });

  describe('interrupted sends', () => {
    let proxy: HoldingProxy;
    let proxiedStore: string;

    beforeAll(async () => {
      ({ proxy, storeId: proxiedStore } = await startProxiedStore(env));
    });

    afterAll(async () => {
      await proxy.close();
    });

    const holdNextAdjust = (drop: boolean): void =>
      proxy.holdNext('ProductList_Adjust_Inventory', drop);

    /**
     * Instance A, with a short lease, sends the delta and its call is held (`hold` sets the proxy
     * up): as far as the queue knows, A died mid-call (this instance's worker sits it out).
     * `afterHeld` runs then; `takeOver` once instance B is up, which takes the batch over when
     * A's lease runs out. A's held call is dropped at the end.
     */
    async function crashMidCall(
      adjustment: { eventId: string; identifier: string; delta: number },
      hold: () => void,
      afterHeld: () => void,
      takeOver: (a: BridgeApp) => Promise<void>,
    ): Promise<void> {
      await relay.stop();
      const a = await startSecondInstance(env.t, { leaseMs: 1500 });
      let b: BridgeApp | undefined;
      try {
        hold();
        await post({ storeId: proxiedStore, adjustments: [adjustment] }).expect(202);
        await proxy.whenHeld();
        afterHeld();
        b = await startSecondInstance(env.t);
        await takeOver(a);
      } finally {
        proxy.releaseHeld();
        await b?.close();
        await a.close();
        relay.start();
      }
    }

    it('reads the marker after a lost answer and never applies the batch twice', async () => {
      const before = stock('PRT030');
      holdNextAdjust(true);
      const eventId = uniqueId('lost');
      await post({
        storeId: proxiedStore,
        adjustments: [{ eventId, identifier: 'PRT030', delta: 12 }],
      }).expect(202);
      const done = first(await settled(proxiedStore, [eventId]));
      expect(proxy.held).toBe(1);
      expect(done.status).toBe('sent');
      expect(stock('PRT030')).toBe(before + 12);
    });

    it('survives a crash between Miva applying a batch and our commit', async () => {
      const before = stock('PRT031');
      const eventId = uniqueId('crash');
      await crashMidCall(
        { eventId, identifier: 'PRT031', delta: 7 },
        () => holdNextAdjust(false),
        // Miva applied it; instance A never hears back and records nothing (as if it died).
        () => expect(stock('PRT031')).toBe(before + 7),
        async (a) => {
          const done = first(await settled(proxiedStore, [eventId]));
          expect(done.status).toBe('sent');
          expect(stock('PRT031')).toBe(before + 7);
          // A finally hears the connection drop: its late failure must change nothing.
          proxy.releaseHeld();
          await a.app.get(InventoryRelayService).nextRound();
          const after = first((await events(proxiedStore)).filter((e) => e.eventId === eventId));
          expect(after.status).toBe('sent');
          expect(stock('PRT031')).toBe(before + 7);
        },
      );
    });

    it('keeps a batch in doubt while its marker cannot be read, then settles it once', async () => {
      const before = stock('PRT034');
      const eventId = uniqueId('unreadable');
      try {
        await crashMidCall(
          { eventId, identifier: 'PRT034', delta: 5 },
          () => holdNextAdjust(false),
          // Miva applied it, then goes offline: the marker cannot be read for a while.
          () => env.sim.state.setFaults({ apiOffline: true }),
          async () => {
            await eventually(
              async () => {
                const [row] = await env.dataSource.query<{ check_attempts: number }[]>(
                  `SELECT check_attempts FROM inventory_batches
                    WHERE store_id = $1 AND status = 'in_flight'`,
                  [proxiedStore],
                );
                return row !== undefined && row.check_attempts >= 2 ? true : undefined;
              },
              15_000,
              'failed marker reads',
            );
            expect(stock('PRT034')).toBe(before + 5);
            env.sim.state.setFaults({ apiOffline: false });
            const done = first(await settled(proxiedStore, [eventId]));
            expect(done.status).toBe('sent');
            expect(stock('PRT034')).toBe(before + 5);
          },
        );
      } finally {
        env.sim.state.setFaults({ apiOffline: false });
      }
    });

    it('settles a batch whose adjustment ran when the rest of a partial answer was lost', async () => {
      const before = stock('PRT035');
      // Miva stops after the adjustment (206, Content-Range 1/2); the continuation that would
      // write the marker never reaches it.
      env.sim.state.setFaults({ multicallStopAfter: 1 });
      proxy.held = 0;
      proxy.drop = true;
      proxy.before = true;
      proxy.holdWhen = (_body, headers) => {
        if (typeof headers.range === 'string') {
          proxy.holdWhen = null;
          return true;
        }
        return false;
      };
      try {
        const eventId = uniqueId('partial');
        await post({
          storeId: proxiedStore,
          adjustments: [{ eventId, identifier: 'PRT035', delta: 6 }],
        }).expect(202);
        const done = first(await settled(proxiedStore, [eventId]));
        expect(proxy.held).toBe(1);
        expect(done.status).toBe('sent');
        expect(stock('PRT035')).toBe(before + 6);
      } finally {
        proxy.before = false;
        env.sim.state.setFaults({ multicallStopAfter: null });
      }
    });

    it('resends a batch that never reached Miva after a crash', async () => {
      const before = stock('PRT032');
      const eventId = uniqueId('never');
      await crashMidCall(
        { eventId, identifier: 'PRT032', delta: 3 },
        () => {
          // The request is held before Miva sees it: nothing applied.
          proxy.held = 0;
          proxy.before = true;
          proxy.holdWhen = (body) => body.includes('ProductList_Adjust_Inventory');
        },
        () => {
          expect(stock('PRT032')).toBe(before);
          proxy.before = false;
          proxy.holdWhen = null;
        },
        async () => {
          const done = first(await settled(proxiedStore, [eventId]));
          expect(done.status).toBe('sent');
          expect(stock('PRT032')).toBe(before + 3);
        },
      );
    });

    it('parks the events for a true-up when the store has no marker field', async () => {
      const before = stock('PRT033');
      // This store's marker field was refused by Miva: batches go without a marker.
      await env.dataSource.query(
        `INSERT INTO inventory_relay_state (store_id, marker_supported, marker_checked_at)
         VALUES ($1, false, now()) ON CONFLICT (store_id) DO UPDATE
         SET marker_supported = false, marker_checked_at = now()`,
        [proxiedStore],
      );
      const eventId = uniqueId('nomarker');
      await crashMidCall(
        { eventId, identifier: 'PRT033', delta: 2 },
        () => holdNextAdjust(false),
        () => undefined,
        async () => {
          const done = first(await settled(proxiedStore, [eventId]));
          expect(done.status).toBe('failed');
          expect(done.lastError).toMatch(/^OUTCOME_UNKNOWN/);
          // Applied once by Miva, and never re-sent.
          expect(stock('PRT033')).toBe(before + 2);
        },
      );
    });
  });

  it('prunes delivered batches after the retention period, keeping their events', async () => {
    const { n: before } = first(
      await env.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM inventory_batches WHERE status = 'sent'`,
      ),
    );
    expect(Number(before)).toBeGreaterThan(0);
    await env.dataSource.query(
      `UPDATE inventory_batches SET finished_at = now() - interval '8 days' WHERE status = 'sent'`,
    );
    const events = await env.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM inventory_events WHERE status = 'sent'`,
    );
    expect(await env.t.bridge.app.get(InventoryBatchesRepository).prune(7)).toBe(Number(before));
    const { n: after } = first(
      await env.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM inventory_batches WHERE status = 'sent'`,
      ),
    );
    expect(Number(after)).toBe(0);
    expect(
      await env.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM inventory_events WHERE status = 'sent'`,
      ),
    ).toEqual(events);
  });

  it('exposes inventory depth, outcomes and latency as metrics', async () => {
    const res = await request(env.t.server).get('/metrics').expect(200);
    expect(res.text).toMatch(/relay_queue_depth\{queue="inventory",status="pending"\} \d+/);
    expect(res.text).toMatch(/relay_queue_depth\{queue="inventory",status="in_flight"\} \d+/);
    expect(res.text).toMatch(/relay_queue_depth\{queue="inventory",status="failed"\} [1-9]/);
    expect(res.text).toMatch(/relay_jobs_total\{queue="inventory",outcome="sent"\} [1-9]/);
    expect(res.text).toMatch(/relay_jobs_total\{queue="inventory",outcome="retry"\} [1-9]/);
    expect(res.text).toMatch(/relay_latency_seconds_count\{queue="inventory"\} [1-9]/);
    expect(res.text).toMatch(
      /relay_miva_requests_total\{queue="inventory",function="ProductList_Adjust_Inventory",result="error"\} [1-9]/,
    );
  });
});
