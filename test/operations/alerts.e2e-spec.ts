// Alerts to ALERT_WEBHOOK_URL (docs/OPERATIONS.md §10, "Alerts to a webhook"), received by a real HTTP listener
// on 127.0.0.1: one alert per store and event during a burst of failures, what happened
// meanwhile counted in the next one, delivery retried, failures counted, never a secret.
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AlertsService } from '../../src/modules/alerts/alerts.service';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { eventually } from '../support/eventually';
import { ADMIN_KEY, bearer, startTestApp, TestApp } from '../support/test-app';
import { closeAll, createStore, runs, sim, StoreView, syncNow } from '../download/download-support';
import { insertSimulatorStore, TEST_RELAY } from '../shipments/relay-fixtures';

const admin = bearer(ADMIN_KEY);
// Tokens in the alert URL's path and query, as Slack's and others' carry them.
const HOOK_PATH = '/services/T0001/B0002/hookPathSecret9f3';
const HOOK_QUERY = 'hookQuerySecret7a1';

interface Alert {
  text: string;
  event: string;
  storeId: string;
  storeName: string;
  details: Record<string, unknown>;
}

/** The alert receiver: records every POST, answers with the statuses queued (then 200). */
class AlertListener {
  readonly received: { path: string; body: string; status: number }[] = [];
  readonly statuses: number[] = [];
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = this.statuses.shift() ?? 200;
        this.received.push({
          path: req.url ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
          status,
        });
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status === 200 ? 'ok' : 'no');
      });
    });
  }

  static async start(): Promise<AlertListener> {
    const listener = new AlertListener();
    await new Promise<void>((resolve) => listener.server.listen(0, '127.0.0.1', resolve));
    return listener;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${HOOK_PATH}?token=${HOOK_QUERY}`;
  }

  /** The alerts delivered (answered 200) for a store, parsed. */
  delivered(storeId: string): Alert[] {
    return this.received
      .filter((r) => r.status === 200)
      .map((r) => JSON.parse(r.body) as Alert)
      .filter((a) => a.storeId === storeId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const count = (alerts: Alert[], event: string): number =>
  alerts.filter((a) => a.event === event).length;

describe('alerts', () => {
  let listener: AlertListener;
  let s: RunningSimulator;
  let t: TestApp;
  let alerts: AlertsService;

  beforeAll(async () => {
    listener = await AlertListener.start();
    s = await startSimulator({ seed: 7 });
    t = await startTestApp(
      { SYNC_SCHEDULER: 'off', ALERT_WEBHOOK_URL: listener.url },
      { relay: TEST_RELAY },
    );
    alerts = t.bridge.app.get(AlertsService);
  });

  afterAll(() => closeAll(t, s, listener));

  async function metric(event: string, outcome: string): Promise<number> {
    const text = (await request(t.server).get('/metrics').expect(200)).text;
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`alerts_total{event="${event}",outcome="${outcome}"}`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  }

  it('sends one alert per store and event during a burst of failures, never a secret', async () => {
    const store: StoreView = await createStore(t, s);
    expect((await syncNow(t, store.id)).status).toBe('succeeded');
    await alerts.whenIdle();
    expect(listener.delivered(store.id)).toEqual([]);

    // The token is revoked in Miva; five downloads in a row are refused.
    await sim(s, 'PUT', '/token', { enabled: false });
    await failedRuns(store.id, 5);
    // What a run changes on its store lands a moment after the run is recorded: wait for the
    // fifth run's exception occurrence, then for the alerts to settle.
    await eventually(
      async () =>
        (await openExceptions(store.id)).some(
          (e) => e.code === 'SYNC_FAILING' && e.occurrences === 3,
        ),
      20_000,
      'the last run to be recorded',
    );
    await alerts.whenIdle();
    const burst = listener.delivered(store.id);
    expect(burst.map((a) => a.event).sort()).toEqual(['exceptions.opened', 'store.failing']);
    const failing = burst.find((a) => a.event === 'store.failing');
    expect(failing).toMatchObject({
      storeId: store.id,
      storeName: 'Simulator',
      details: { state: 'failing', turnedFailing: 1, recovered: 0, previousAlertAt: null },
    });
    expect(failing?.text).toMatch(
      /^Store "Simulator" is failing: Miva refuses the store's credentials \(.*Token is disabled/,
    );
    expect(burst.find((a) => a.event === 'exceptions.opened')).toMatchObject({
      details: { opened: 1, codes: { UNAUTHORIZED: 1 } },
    });
    // SYNC_FAILING opened at the third run, inside the 15-minute window: held for later.
    expect(await metric('exceptions.opened', 'held')).toBe(1);

    // A good token patched in, then a good run: recovered, once.
    await sim(s, 'PUT', '/token', { enabled: true });
    await request(t.server)
      .patch(`/api/v1/stores/${store.id}`)
      .set(admin)
      .send({ accessToken: s.accessToken })
      .expect(200);
    expect((await syncNow(t, store.id)).status).toBe('succeeded');
    await eventually(
      () => Promise.resolve(count(listener.delivered(store.id), 'store.recovered') > 0),
      20_000,
      'the store.recovered alert',
    );
    await alerts.whenIdle();
    const all = listener.delivered(store.id);
    expect([
      count(all, 'store.failing'),
      count(all, 'store.recovered'),
      count(all, 'exceptions.opened'),
    ]).toEqual([1, 1, 1]);
    expect(all.find((a) => a.event === 'store.recovered')).toMatchObject({
      text: 'Store "Simulator" has recovered: it is ok again.',
      details: { state: 'ok', reasons: [] },
    });

    // Nothing an alert carries is a secret: not the store's credentials or webhook token, not
    // the alert URL's own tokens, not the admin key.
    const webhookToken = new URL(store.webhookUrl, 'http://x').searchParams.get('token') ?? '';
    expect(webhookToken.length).toBeGreaterThan(10);
    for (const { body } of listener.received) {
      expect(Object.keys(JSON.parse(body) as object).sort()).toEqual([
        'details',
        'event',
        'storeId',
        'storeName',
        'text',
      ]);
      for (const secret of [
        s.accessToken,
        s.signingKey,
        s.passphrase,
        webhookToken,
        'hookPathSecret9f3',
        HOOK_QUERY,
        ADMIN_KEY,
      ]) {
        expect(body).not.toContain(secret);
      }
    }
    expect(listener.received.every((r) => r.path === `${HOOK_PATH}?token=${HOOK_QUERY}`)).toBe(
      true,
    );
  });

  it('tells what was held in the next alert once the 15 minutes are over', async () => {
    const store = await createStore(t, s);
    await sim(s, 'PUT', '/token', { enabled: false });
    await failedRuns(store.id, 3);
    await eventually(
      async () => (await openExceptions(store.id)).some((e) => e.code === 'SYNC_FAILING'),
      20_000,
      'SYNC_FAILING to open',
    );
    await alerts.whenIdle();
    expect(count(listener.delivered(store.id), 'exceptions.opened')).toBe(1);
    await sim(s, 'PUT', '/token', { enabled: true });

    // The sweep (every minute) finds nothing due inside the window...
    await alerts.sweep();
    await alerts.whenIdle();
    expect(count(listener.delivered(store.id), 'exceptions.opened')).toBe(1);
    // ...and, once the window is over, sends what was held: SYNC_FAILING, opened meanwhile.
    await t.bridge.app.get(DataSource).query(
      `UPDATE store_alerts
            SET events = jsonb_set(events, '{exceptions.opened,sentAt}', to_jsonb($2::text))
          WHERE store_id = $1`,
      [store.id, new Date(Date.now() - 16 * 60_000).toISOString()],
    );
    await alerts.sweep();
    await alerts.whenIdle();
    const opened = listener.delivered(store.id).filter((a) => a.event === 'exceptions.opened');
    expect(opened).toHaveLength(2);
    expect(opened[1]).toMatchObject({
      text: 'Store "Simulator": 1 new exception needs a person (1 SYNC_FAILING).',
      details: { opened: 1, codes: { SYNC_FAILING: 1 } },
    });
  });

  it('retries a delivery the receiver refused, and counts one that never got through', async () => {
    const sentBefore = await metric('exceptions.opened', 'sent');
    // A store whose inventory event Miva refuses (unknown SKU): exceptions.opened.
    const flaky = await insertSimulatorStore(t.bridge, s);
    listener.statuses.push(503);
    await request(t.server)
      .post('/api/v1/inventory/adjustments')
      .set(admin)
      .send({ storeId: flaky, adjustments: [{ eventId: 'a-1', identifier: 'NOPE-1', delta: 1 }] })
      .expect(202);
    await waitForAlertTries(flaky, 2);
    await alerts.whenIdle();
    expect(listener.received.filter((r) => r.body.includes(flaky)).map((r) => r.status)).toEqual([
      503, 200,
    ]);
    expect(await metric('exceptions.opened', 'sent')).toBe(sentBefore + 1);

    const down = await insertSimulatorStore(t.bridge, s);
    listener.statuses.push(500, 500, 500);
    await request(t.server)
      .post('/api/v1/inventory/adjustments')
      .set(admin)
      .send({ storeId: down, adjustments: [{ eventId: 'b-1', identifier: 'NOPE-2', delta: 1 }] })
      .expect(202);
    await waitForAlertTries(down, 3);
    await alerts.whenIdle();
    expect(listener.received.filter((r) => r.body.includes(down))).toHaveLength(3);
    expect(await metric('exceptions.opened', 'failed')).toBe(1);
  });

  async function openExceptions(storeId: string): Promise<{ code: string; occurrences: number }[]> {
    const res = await request(t.server)
      .get('/api/v1/exceptions')
      .query({ storeId })
      .set(admin)
      .expect(200);
    return (res.body as { data: { code: string; occurrences: number }[] }).data;
  }

  /** Downloads until the store has `n` failed runs in a row (a sync asked for right after a run
   *  may answer that run again while it is still being recorded). */
  async function failedRuns(storeId: string, n: number): Promise<void> {
    for (let i = 0; i < 3 * n; i++) {
      await syncNow(t, storeId);
      const latest = await runs(t, storeId);
      if (latest.filter((r) => r.status === 'failed').length >= n) {
        expect(latest.slice(0, n).map((r) => r.status)).toEqual(Array(n).fill('failed'));
        return;
      }
    }
    throw new Error(`store ${storeId} did not fail ${n} runs`);
  }

  /** Waits until the listener has seen `tries` requests about the store. */
  async function waitForAlertTries(storeId: string, tries: number): Promise<void> {
    await eventually(
      () =>
        Promise.resolve(listener.received.filter((r) => r.body.includes(storeId)).length >= tries),
      20_000,
      `${tries} alert tries about store ${storeId}`,
    );
  }
});
