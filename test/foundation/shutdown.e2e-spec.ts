import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { request } from 'undici';
import { ensureBuilt } from '../../scripts/ensure-built';
import { first } from '../../src/common/must';
import { ORDER_STATUSES } from '../../src/mappers/oms-order.types';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { eventually, queueIds, sim, sorted, storeBody } from '../download/download-support';
import { ApiAnswer, freePort, ServiceProcess, serviceApi } from '../support/service-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// The real service (a child process) gets SIGTERM while it works: in the middle of a queue_ack
// backfill, in the middle of relay work with Miva calls in flight, and with a webhook's wake-up
// still pending. Each time it must exit 0 within 10 s, and the next start must finish the work
// exactly once: every order stored once and nothing acknowledged that was not stored, one Miva
// shipment, stock moved by exactly the deltas, the webhook's download done.

jest.setTimeout(120_000);

const ADMIN = `shutdown-admin-${randomBytes(12).toString('hex')}`;
const SECRET = randomBytes(32).toString('hex');
const SHUTDOWN_LIMIT_MS = 10_000;

/** One service life after another on one database, and direct reads of that database. */
class Lives {
  service: ServiceProcess | undefined;
  db!: Client;
  readonly port: Promise<number> = freePort();
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'bridge-shutdown-'));

  private constructor(readonly database: TestDatabase) {}

  static async open(): Promise<Lives> {
    const lives = new Lives(await createTestDatabase());
    lives.db = new Client({ connectionString: lives.database.url });
    await lives.db.connect();
    return lives;
  }

  async start(): Promise<void> {
    this.service = ServiceProcess.start({
      PORT: String(await this.port),
      DATABASE_URL: this.database.url,
      DATA_DIR: this.dataDir,
      ADMIN_API_KEY: ADMIN,
      SECRET_KEY: SECRET,
      LOG_LEVEL: 'warn',
      SYNC_SCHEDULER: 'on',
    });
    await this.service.waitFor(/listening on/, 60_000);
  }

  /**
   * SIGTERM; the exit code and the time from the signal to the exit (SIGKILL after 30 s).
   * `meanwhile` runs while the service stops.
   */
  async terminate(
    what: string,
    meanwhile?: () => Promise<void>,
  ): Promise<{ code: number | null; ms: number }> {
    const service = this.service!;
    const sent = Date.now();
    service.child.kill('SIGTERM');
    const killer = setTimeout(() => service.child.kill('SIGKILL'), 30_000);
    await meanwhile?.();
    const code = await service.exited;
    clearTimeout(killer);
    const ms = Date.now() - sent;
    console.log(`shutdown under load (${what}): exit ${code} after ${ms} ms`);
    return { code, ms };
  }

  api<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiAnswer<T>> {
    return serviceApi(this.port, ADMIN)<T>(method, path, body);
  }

  /** Registers the simulator's store; its id and webhook path (the token is shown only here). */
  async createStore(
    s: RunningSimulator,
    download: Record<string, unknown>,
  ): Promise<{ id: string; webhookUrl: string }> {
    const created = await this.api<{ id: string; webhookUrl: string }>(
      'POST',
      '/api/v1/stores',
      storeBody(s, download),
    );
    expect(created.status).toBe(201);
    return created.body;
  }

  async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
    return (await this.db.query<R>(sql, params)).rows;
  }

  async storedIds(storeId: string): Promise<number[]> {
    const rows = await this.query<{ id: number }>(
      'SELECT miva_order_id AS id FROM orders WHERE store_id = $1 ORDER BY 1',
      [storeId],
    );
    return rows.map((r) => r.id);
  }

  async close(): Promise<void> {
    await this.service?.stop('SIGKILL');
    await this.db?.end();
    await this.database.dispose();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

describe('clean shutdown on SIGTERM', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  describe('in the middle of a queue_ack backfill', () => {
    const ORDERS = 3000;
    let s: RunningSimulator;
    let lives: Lives;

    beforeAll(async () => {
      s = await startSimulator({ orders: ORDERS, seed: 43 });
      lives = await Lives.open();
    });

    afterAll(async () => {
      await lives?.close();
      await s?.close();
    });

    it('exits 0 within 10 s, acknowledges nothing unstored, and the next start finishes it', async () => {
      // Every Miva request takes a while, so reads and acknowledgements are in flight.
      await sim(s, 'PUT', '/faults', { latencyMs: 40 });
      await lives.start();
      const { id: storeId } = await lives.createStore(s, { pollIntervalSeconds: 3600 });
      await eventually(
        async () => (await lives.storedIds(storeId)).length >= 600,
        60_000,
        'a part of the backfill to be committed',
      );

      const { code, ms } = await lives.terminate('backfill');
      expect(code).toBe(0);
      expect(ms).toBeLessThan(SHUTDOWN_LIMIT_MS);
      const stored = await lives.storedIds(storeId);
      expect(stored.length).toBeLessThan(ORDERS);
      const storedSet = new Set(stored);
      const acknowledged = await queueIds(s, 'successfully_retrieved_orders');
      expect(acknowledged.filter((id) => !storedSet.has(id))).toEqual([]);
      // The run ended (stopped by the shutdown), not left running for the next start to find.
      const runs = await lives.query<{ status: string; error: string | null }>(
        'SELECT status, error FROM sync_runs WHERE store_id = $1',
        [storeId],
      );
      expect(runs.filter((r) => r.status === 'running')).toEqual([]);

      // The next start resumes at once (the store was due), with no sync asked for.
      await sim(s, 'PUT', '/faults', { latencyMs: 0 });
      await lives.start();
      await eventually(
        async () =>
          (await lives.storedIds(storeId)).length === ORDERS && (await queueIds(s)).length === 0,
        60_000,
        'the backfill to finish after the restart',
      );
      const all = (await sim<{ data: { id: number }[] }>(s, 'GET', '/orders')).data.map(
        (o) => o.id,
      );
      expect(await lives.storedIds(storeId)).toEqual(all);
      const [counts] = await lives.query<{ orders: string; raw: string; distinct: string }>(
        `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM miva_orders) AS raw,
                (SELECT count(DISTINCT miva_order_id) FROM orders) AS distinct`,
      );
      expect(counts).toEqual({
        orders: String(ORDERS),
        raw: String(ORDERS),
        distinct: String(ORDERS),
      });
      expect(sorted(await queueIds(s, 'successfully_retrieved_orders'))).toEqual(all);
      expect((await lives.terminate('idle')).code).toBe(0);
    });
  });

  describe('with a webhook wake-up pending or its download running', () => {
    let s: RunningSimulator;
    let lives: Lives;

    beforeAll(async () => {
      s = await startSimulator({ orders: 20, seed: 44 });
      lives = await Lives.open();
    });

    afterAll(async () => {
      await lives?.close();
      await s?.close();
    });

    it('is not lost: the next start downloads', async () => {
      await lives.start();
      const store = await lives.createStore(s, { pollIntervalSeconds: 3600 });
      const storeId = store.id;
      await eventually(async () => (await lives.storedIds(storeId)).length === 20, 30_000);
      // The backfill is done and the next poll is an hour away: only webhooks bring new orders.
      const webhook = async (): Promise<void> => {
        const hook = await request(`http://127.0.0.1:${await lives.port}${store.webhookUrl}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(hook.statusCode).toBe(202);
        await hook.body.dump();
      };
      const allStored = async (ids: number[]): Promise<boolean> => {
        const stored = new Set(await lives.storedIds(storeId));
        return ids.every((id) => stored.has(id));
      };

      // SIGTERM at once, while the webhook's download waits out its debounce.
      const few = (await sim<{ ids: number[] }>(s, 'POST', '/orders', { count: 5, seed: 9 })).ids;
      await webhook();
      const pending = await lives.terminate('webhook pending');
      expect(pending.code).toBe(0);
      expect(pending.ms).toBeLessThan(SHUTDOWN_LIMIT_MS);
      await lives.start();
      await eventually(() => allStored(few), 15_000, 'the announced orders after the restart');

      // SIGTERM in the middle of the download a webhook started.
      await sim(s, 'PUT', '/faults', { latencyMs: 40 });
      const many = (await sim<{ ids: number[] }>(s, 'POST', '/orders', { count: 1500, seed: 10 }))
        .ids;
      await webhook();
      const before = (await lives.storedIds(storeId)).length;
      await eventually(
        async () => (await lives.storedIds(storeId)).length >= before + 250,
        30_000,
        'a part of the download to be committed',
      );
      const running = await lives.terminate('webhook download');
      expect(running.code).toBe(0);
      expect(running.ms).toBeLessThan(SHUTDOWN_LIMIT_MS);
      expect(await allStored(many)).toBe(false);
      await sim(s, 'PUT', '/faults', { latencyMs: 0 });
      await lives.start();
      await eventually(() => allStored(many), 30_000, 'the rest of it after the restart');
      expect((await lives.terminate('idle')).code).toBe(0);
    });
  });

  describe('in the middle of relay work', () => {
    let s: RunningSimulator;
    let lives: Lives;

    beforeAll(async () => {
      s = await startSimulator({ orders: 0, seed: 45 });
      lives = await Lives.open();
    });

    afterAll(async () => {
      await lives?.close();
      await s?.close();
    });

    /** A fresh simulator order: nothing shipped, every line pending, the first line 3 units. */
    async function unshippedOrder(): Promise<MivaOrder> {
      const [id] = (await sim<{ ids: number[] }>(s, 'POST', '/orders', { count: 1, seed: 12 })).ids;
      const order = await sim<MivaOrder>(s, 'GET', `/orders/${id}`);
      order.shipments = [];
      for (const item of order.items ?? []) {
        item.shpmnt_id = 0;
        delete item.shipment;
      }
      await sim(s, 'POST', '/orders', { orders: [order] });
      return sim<MivaOrder>(s, 'PATCH', `/orders/${id}`, {
        items: (order.items ?? []).map((item, i) => ({
          line_id: item.line_id,
          status: 0,
          quantity: i === 0 ? 3 : item.quantity,
        })),
      });
    }

    it('finishes or hands back the Miva calls in flight; the next start sends each once', async () => {
      const order = await unshippedOrder();
      await lives.start();
      const { id: storeId } = await lives.createStore(s, {
        pollIntervalSeconds: 3600,
        importStatuses: [...ORDER_STATUSES],
      });
      const { id: orderId } = first(
        await eventually(async () => {
          const rows = await lives.query<{ id: string }>(
            'SELECT id FROM orders WHERE store_id = $1 AND miva_order_id = $2',
            [storeId, order.id],
          );
          return rows.length === 1 ? rows : undefined;
        }, 30_000),
      );

      const skus = ['MUG-001', 'CAP-001', 'TS-RED-M'].filter(
        (sku) => s.state.findProduct({ sku }).length === 1,
      );
      expect(skus.length).toBeGreaterThanOrEqual(2);
      const stock = (sku: string): number =>
        s.state.findProduct({ sku })[0]?.product_inventory ?? 0;
      const initial = new Map(skus.map((sku) => [sku, stock(sku)]));

      // Slower than the shutdown budget: a Miva call still in flight at the signal must be cut
      // (and its job handed back), not waited for.
      await sim(s, 'PUT', '/faults', { latencyMs: 12_000 });
      const shipment = await lives.api<{ id: string }>(
        'POST',
        `/api/v1/orders/${orderId}/shipments`,
        {
          shipmentRef: 'SHUTDOWN-1',
          lines: [{ lineId: `L${first(order.items!).line_id}`, quantity: 1 }],
          carrier: 'UPS',
          trackingNumber: '1Z-SHUTDOWN',
          cost: '4.20',
        },
      );
      expect(shipment.status).toBe(202);
      const expected = new Map(initial);
      for (let burst = 0; burst < 4; burst++) {
        const adjustments = skus.flatMap((sku, i) => {
          const delta = (burst + 1) * (i % 2 === 0 ? 3 : -2);
          expected.set(sku, expected.get(sku)! + delta);
          return [{ eventId: `shutdown-${burst}-${sku}`, identifier: sku, delta }];
        });
        const res = await lives.api('POST', '/api/v1/inventory/adjustments', {
          storeId,
          adjustments,
        });
        expect(res.status).toBe(202);
      }
      // Both calls in flight: the split's intent recorded, an inventory batch open.
      await eventually(
        async () => {
          const [row] = await lives.query<{ split: boolean; batches: string }>(
            `SELECT (SELECT lines::text LIKE '%splitKnownLineIds%' FROM shipments WHERE id = $1) AS split,
                    (SELECT count(*) FROM inventory_batches WHERE status = 'in_flight') AS batches`,
            [shipment.body.id],
          );
          return row !== undefined && row.split && row.batches === '1';
        },
        // Both workers pick their job up within a second or two; under the whole suite on two
        // cores it once took over 15 s.
        30_000,
        'a split and an inventory batch in flight',
      );

      const { code, ms } = await lives.terminate('relay, Miva answering in 12 s', async () => {
        // Still stopping (waiting for Miva), but no longer accepting requests.
        await lives.service!.waitFor(/SIGTERM received/, 5_000);
        await expect(lives.api('GET', '/health')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
        expect(lives.service!.child.exitCode).toBeNull();
      });
      expect(code).toBe(0);
      expect(ms).toBeLessThan(SHUTDOWN_LIMIT_MS);

      // The cut requests still reach Miva (it finishes what it received): let them land before
      // the next start reads Miva.
      await eventually(
        () => {
          const names = s.state.log.flatMap((e) => e.functions);
          return Promise.resolve(
            names.includes('OrderItem_Split') && names.some((n) => n.includes('Adjust_Inventory')),
          );
        },
        20_000,
        'the cut requests to land in Miva',
      );
      await sim(s, 'PUT', '/faults', { latencyMs: 0 });
      await lives.start();
      await eventually(
        async () => {
          const [row] = await lives.query<{ shipment: string; pending: string }>(
            `SELECT (SELECT status FROM shipments WHERE id = $1) AS shipment,
                    (SELECT count(*) FROM inventory_events WHERE status <> 'sent') AS pending`,
            [shipment.body.id],
          );
          return row !== undefined && row.shipment === 'sent' && row.pending === '0';
        },
        30_000,
        'the shipment and every delta to be sent',
      );
      const live = await sim<MivaOrder>(s, 'GET', `/orders/${order.id}`);
      expect(live.shipments ?? []).toHaveLength(1);
      expect(live.shipments![0]).toMatchObject({ tracknum: '1Z-SHUTDOWN' });
      expect(new Map(skus.map((sku) => [sku, stock(sku)]))).toEqual(expected);
      expect((await lives.terminate('idle')).code).toBe(0);
    });
  });
});
