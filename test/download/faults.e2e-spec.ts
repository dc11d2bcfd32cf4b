import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { TestApp } from '../support/test-app';
import { startDownloadApp } from './download-app';
import {
  closeAll,
  createStore,
  queueIds,
  sim,
  sorted,
  StoredOrders,
  syncNow,
  type SyncRun,
} from './download-support';

// Miva misbehaving while a store downloads: 5xx answers, latency, bodies cut in half, and
// multicalls answered 206 one operation at a time. Every order must arrive exactly once, and the
// engine must neither give up on the orders nor hammer Miva.

jest.setTimeout(120_000);

interface LogEntry {
  status: number;
  error?: string;
  functions: string[];
}

const ORDERS = 1000;

describe('downloads under injected Miva faults', () => {
  let t: TestApp;
  let s: RunningSimulator;
  let db: StoredOrders;

  const log = async (): Promise<LogEntry[]> =>
    (await sim<{ data: LogEntry[] }>(s, 'GET', '/log')).data;
  const allIds = async (): Promise<number[]> =>
    (await sim<{ data: { id: number }[] }>(s, 'GET', '/orders')).data.map((o) => o.id);

  /** Syncs until a run succeeds (a run may still fail when faults pile up); returns every run. */
  const syncUntilDone = async (storeId: string, done: () => Promise<boolean>) => {
    const history: SyncRun[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const run = await syncNow(t, storeId);
      history.push(run);
      if (run.status === 'succeeded' && (await done())) {
        return history;
      }
    }
    throw new Error(`not done after ${history.length} runs: ${JSON.stringify(history)}`);
  };

  beforeAll(async () => {
    s = await startSimulator({ orders: 0, seed: 41 });
    t = await startDownloadApp();
    db = await StoredOrders.open(t);
  });

  afterAll(() => closeAll(db, t, s));

  beforeEach(async () => {
    await sim(s, 'POST', '/reset', { orders: ORDERS, seed: 41 });
  });

  it('queue_ack: every order once despite 5xx, latency, truncated bodies and 206 multicalls', async () => {
    const store = await createStore(t, s);
    await sim(s, 'DELETE', '/log');
    await sim(s, 'PUT', '/faults', {
      failRate: 0.15,
      failStatus: 500,
      latencyMs: 5,
      truncateRate: 0.1,
      // Certainly some truncated answers, whatever the random draws.
      truncateNext: 2,
      multicallStopAfter: 1,
      faultSeed: 7,
    });
    const history = await syncUntilDone(store.id, async () => (await queueIds(s)).length === 0);
    await sim(s, 'DELETE', '/faults');

    const all = await allIds();
    expect(sorted((await db.revisions(store.id)).keys())).toEqual(all);
    expect([...(await db.revisions(store.id)).values()].every((r) => r === 1)).toBe(true);
    expect(await db.count(store.id)).toEqual({ orders: ORDERS, raw: ORDERS, duplicates: 0 });
    expect(sorted(await queueIds(s, 'successfully_retrieved_orders'))).toEqual(all);
    expect(history.reduce((n, r) => n + r.ordersCreated, 0)).toBe(ORDERS);

    const calls = await log();
    // The faults really happened...
    expect(calls.some((c) => c.status === 500)).toBe(true);
    expect(calls.some((c) => c.status === 206)).toBe(true);
    // ...and were absorbed without spinning: 4 pages read and acknowledged (3 operations
    // each, answered one per request) need ~16 requests; retries add a bounded number.
    expect(calls.length).toBeLessThan(60);
    expect(history.length).toBeLessThanOrEqual(3);
  });

  it('order_number: the same under read faults, with the cursor only after commits', async () => {
    const store = await createStore(t, s, { strategy: 'order_number', overlap: 10 });
    await sim(s, 'DELETE', '/log');
    await sim(s, 'PUT', '/faults', {
      failRate: 0.2,
      failStatus: 503,
      latencyMs: 5,
      truncateRate: 0.15,
      truncateNext: 2,
      faultSeed: 3,
    });
    const all = await allIds();
    const history = await syncUntilDone(
      store.id,
      async () => (await db.revisions(store.id)).size === ORDERS,
    );
    await sim(s, 'DELETE', '/faults');
    expect(sorted((await db.revisions(store.id)).keys())).toEqual(all);
    expect([...(await db.revisions(store.id)).values()].every((r) => r === 1)).toBe(true);
    expect((await db.cursor(store.id)).lastOrderId).toBe(all[all.length - 1]);
    expect((await log()).length).toBeLessThan(40);
    expect(history.length).toBeLessThanOrEqual(3);
  });
});
