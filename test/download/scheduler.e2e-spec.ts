import { first } from '../../src/common/must';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { TestApp } from '../support/test-app';
import { startDownloadApp } from './download-app';
import {
  closeAll,
  createStore,
  eventually,
  getStore,
  queueIds,
  resetMiva,
  runs,
  sim,
  StoredOrders,
} from './download-support';

describe('the download scheduler (SYNC_SCHEDULER on)', () => {
  let t: TestApp;
  let s: RunningSimulator;
  let db: StoredOrders;

  const calls = async (): Promise<number> =>
    (await sim<{ data: unknown[] }>(s, 'GET', '/log')).data.length;

  beforeAll(async () => {
    s = await startSimulator({ orders: 50, seed: 12 });
    t = await startDownloadApp({ SYNC_SCHEDULER: 'on' }, { retryBaseSeconds: 1, staleSeconds: 30 });
    db = await StoredOrders.open(t);
  });

  afterAll(() => closeAll(db, t, s));

  beforeEach(() => resetMiva(s));

  it('downloads a new store without being asked, then waits for its interval', async () => {
    const store = await createStore(t, s, { pollIntervalSeconds: 600 });
    const first = await eventually(
      async () => (await runs(t, store.id)).find((r) => r.status === 'succeeded'),
      20_000,
      'the first scheduled download',
    );
    expect(first).toMatchObject({ trigger: 'schedule', ordersCreated: 50 });
    expect(await queueIds(s)).toEqual([]);
    const next = Date.parse((await getStore(t, store.id)).nextPollAt as string);
    expect(next - Date.parse(first.finishedAt as string)).toBeGreaterThan(590_000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await runs(t, store.id)).toHaveLength(1);
  });

  it('retries a failing store with a growing backoff instead of spinning', async () => {
    const store = await createStore(t, s, { strategy: 'order_number', pollIntervalSeconds: 60 });
    await eventually(
      async () => (await runs(t, store.id)).find((r) => r.status === 'succeeded'),
      20_000,
      'the first download',
    );
    await sim(s, 'PUT', '/faults', { apiOffline: true });
    await sim(s, 'DELETE', '/log');
    await db.query(`UPDATE stores SET next_poll_at = now() WHERE id = $1`, [store.id]);
    await new Promise((r) => setTimeout(r, 7000));
    const history = (await runs(t, store.id)).slice(0, -1);
    const failed = history.filter((r) => r.status === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]?.error).toMatch(/offline/i);
    // Each run retries a few times inside the client, then the store backs off 1 s, 2 s, 4 s...
    expect(history.length).toBeLessThanOrEqual(4);
    expect(await calls()).toBeLessThanOrEqual(25);

    await sim(s, 'DELETE', '/faults');
    await eventually(
      async () => (await runs(t, store.id)).find((r) => r.status === 'succeeded'),
      20_000,
      'a successful retry',
    );
  });

  it('pauses polling of a store whose credentials Miva refuses', async () => {
    const store = await createStore(t, s, { strategy: 'order_number' });
    await eventually(
      async () => (await runs(t, store.id)).find((r) => r.status === 'succeeded'),
      20_000,
      'the first download',
    );
    await sim(s, 'PUT', '/token', { enabled: false });
    await db.query(`UPDATE stores SET next_poll_at = now() WHERE id = $1`, [store.id]);
    await eventually(
      async () => (await getStore(t, store.id)).status === 'unauthorized',
      20_000,
      'the store to be paused',
    );
    const before = (await runs(t, store.id)).length;
    // Due again, but paused: no download happens.
    await db.query(`UPDATE stores SET next_poll_at = now() - interval '1 minute' WHERE id = $1`, [
      store.id,
    ]);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await runs(t, store.id)).toHaveLength(before);
    expect((await getStore(t, store.id)).statusMessage).toMatch(/Token is disabled/);
  });

  it('marks a run whose process died as interrupted, and it does not block the next run', async () => {
    const store = await createStore(t, s, { strategy: 'order_number', pollIntervalSeconds: 600 });
    await eventually(
      async () => (await runs(t, store.id)).find((r) => r.status === 'succeeded'),
      20_000,
      'the first download',
    );
    // A run left `running` by a process that died 5 minutes ago.
    const dead = first(
      await db.query<{ id: string }>(
        `INSERT INTO sync_runs (store_id, trigger, status, started_at, heartbeat_at)
       VALUES ($1, 'schedule', 'running', now() - interval '6 minutes', now() - interval '5 minutes')
       RETURNING id`,
        [store.id],
      ),
    );
    const interrupted = await eventually(
      async () => (await runs(t, store.id)).find((r) => r.id === dead.id && r.status === 'failed'),
      10_000,
      'the dead run to be marked',
    );
    expect(interrupted.error).toBe('interrupted');
    await db.query(`UPDATE stores SET next_poll_at = now() WHERE id = $1`, [store.id]);
    await eventually(
      async () =>
        (await runs(t, store.id)).filter((r) => r.status === 'succeeded').length === 2 || undefined,
      20_000,
      'the next run',
    );
  });
});
