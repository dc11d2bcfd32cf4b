import { Client } from 'pg';
import request from 'supertest';
import { first } from '../../src/common/must';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import type { RunningSimulator } from '../../src/simulator/simulator';
import { ADMIN_KEY, bearer, TestApp } from '../support/test-app';
import { simulatorControl as sim } from '../../src/simulator/control-client';

// The simulator's control API and polling, under the names these tests use.
export { sim };
export { eventually } from '../support/eventually';

export interface SyncRun {
  id: string;
  trigger: string;
  status: 'running' | 'succeeded' | 'failed';
  ordersSeen: number;
  ordersCreated: number;
  ordersUpdated: number;
  ordersAcknowledged: number;
  ordersFailed: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface StoreView {
  id: string;
  status: string;
  statusMessage: string | null;
  webhookUrl: string;
  [key: string]: unknown;
}

/** Adds `count` generated orders (new ids) to the simulator; returns their ids. */
export async function addOrders(s: RunningSimulator, count: number, seed = 7): Promise<number[]> {
  return (await sim<{ ids: number[] }>(s, 'POST', '/orders', { count, seed })).ids;
}

/** Changes an order in the simulator (re-queued like Miva's "New & Updated" workflow). */
export async function touchOrder(
  s: RunningSimulator,
  id: number,
  firstName: string,
): Promise<MivaOrder> {
  return sim<MivaOrder>(s, 'PATCH', `/orders/${id}`, { fields: { ship_fname: firstName } });
}

export async function queueIds(s: RunningSimulator, queue = 'new_and_updated'): Promise<number[]> {
  return (await sim<Record<string, number[]>>(s, 'GET', '/queues'))[queue] ?? [];
}

export function storeBody(
  s: RunningSimulator,
  download: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'Simulator',
    endpointUrl: s.endpointUrl,
    storeCode: s.storeCode,
    accessToken: s.accessToken,
    signingKey: s.signingKey,
    download: { strategy: 'queue_ack', queueCode: 'new_and_updated', ...download },
    paymentPassphrase: s.passphrase,
    ...extra,
  };
}

export async function createStore(
  t: TestApp,
  s: RunningSimulator,
  download: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Promise<StoreView> {
  const res = await request(t.server)
    .post('/api/v1/stores')
    .set(bearer(ADMIN_KEY))
    .send(storeBody(s, download, extra));
  if (res.status !== 201) {
    throw new Error(`create store: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as StoreView;
}

export async function getStore(t: TestApp, storeId: string): Promise<StoreView> {
  const res = await request(t.server)
    .get(`/api/v1/stores/${storeId}`)
    .set(bearer(ADMIN_KEY))
    .expect(200);
  return res.body as StoreView;
}

export async function runs(t: TestApp, storeId: string, limit = 100): Promise<SyncRun[]> {
  const res = await request(t.server)
    .get(`/api/v1/stores/${storeId}/sync-runs?limit=${limit}`)
    .set(bearer(ADMIN_KEY))
    .expect(200);
  return res.body as SyncRun[];
}

export async function startSync(t: TestApp, storeId: string): Promise<string> {
  const res = await request(t.server)
    .post(`/api/v1/stores/${storeId}/sync`)
    .set(bearer(ADMIN_KEY))
    .expect(202);
  return (res.body as { runId: string }).runId;
}

/** Polls the run until it is no longer running. */
export async function waitForRun(
  t: TestApp,
  storeId: string,
  runId: string,
  timeoutMs = 50_000,
): Promise<SyncRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await runs(t, storeId)).find((r) => r.id === runId);
    if (run && run.status !== 'running') {
      return run;
    }
    if (Date.now() > deadline) {
      throw new Error(`run ${runId} still running: ${JSON.stringify(run)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a download and waits for it to finish. */
export async function syncNow(t: TestApp, storeId: string): Promise<SyncRun> {
  return waitForRun(t, storeId, await startSync(t, storeId));
}

/** Direct reads of what the download stored (the tables, not the OMS feed). */
export class StoredOrders {
  private constructor(private readonly client: Client) {}

  static async open(t: TestApp): Promise<StoredOrders> {
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    return new StoredOrders(client);
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  /** Any statement (for setting up states such as a run whose process died). */
  async query<R extends Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    return (await this.client.query<R>(sql, params)).rows;
  }

  /** Miva id → current revision, for one store. */
  async revisions(storeId: string): Promise<Map<number, number>> {
    const res = await this.client.query<{ miva_order_id: number; revision: number }>(
      'SELECT miva_order_id, revision FROM orders WHERE store_id = $1',
      [storeId],
    );
    return new Map(res.rows.map((r) => [r.miva_order_id, r.revision]));
  }

  /** Raw snapshots stored (Miva id → dt_updated and first name). */
  async raw(
    storeId: string,
  ): Promise<Map<number, { shipFirstName: string; mappingError: string | null }>> {
    const res = await this.client.query<{
      miva_order_id: number;
      fname: string;
      mapping_error: string | null;
    }>(
      `SELECT miva_order_id, raw->>'ship_fname' AS fname, mapping_error
         FROM miva_orders WHERE store_id = $1`,
      [storeId],
    );
    return new Map(
      res.rows.map((r) => [
        r.miva_order_id,
        { shipFirstName: r.fname, mappingError: r.mapping_error },
      ]),
    );
  }

  async count(storeId: string): Promise<{ orders: number; raw: number; duplicates: number }> {
    const res = await this.client.query<{ orders: string; raw: string; duplicates: string }>(
      `SELECT (SELECT count(*) FROM orders WHERE store_id = $1) AS orders,
              (SELECT count(*) FROM miva_orders WHERE store_id = $1) AS raw,
              (SELECT count(*) - count(DISTINCT miva_order_id) FROM orders WHERE store_id = $1)
                AS duplicates`,
      [storeId],
    );
    const row = first(res.rows);
    return { orders: Number(row.orders), raw: Number(row.raw), duplicates: Number(row.duplicates) };
  }

  async cursor(storeId: string): Promise<Record<string, unknown>> {
    const res = await this.client.query<{ c: Record<string, unknown> }>(
      'SELECT download_cursor AS c FROM stores WHERE id = $1',
      [storeId],
    );
    return res.rows[0]?.c ?? {};
  }

  async offered(storeId: string): Promise<Map<number, boolean>> {
    const res = await this.client.query<{ miva_order_id: number; offered: boolean }>(
      'SELECT miva_order_id, offered FROM orders WHERE store_id = $1',
      [storeId],
    );
    return new Map(res.rows.map((r) => [r.miva_order_id, r.offered]));
  }
}

export function sorted(ids: Iterable<number>): number[] {
  return [...ids].sort((a, b) => a - b);
}

/** Closes what a test file opened, in this order, skipping what never opened. */
export async function closeAll(
  ...items: ({ close(): Promise<void> } | undefined)[]
): Promise<void> {
  for (const item of items) {
    await item?.close();
  }
}

/** Puts the simulator's Miva back to normal: no faults, the access token accepted. */
export async function resetMiva(s: RunningSimulator): Promise<void> {
  await sim(s, 'DELETE', '/faults');
  await sim(s, 'PUT', '/token', { enabled: true });
}
