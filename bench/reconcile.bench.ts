// Reconciliation (src/modules/orders/reconcile) end to end: the real app (in this process) on a
// scratch PostgreSQL database, the Miva simulator in its own process (a real Miva is remote).
//
// 1. Checking: N orders (default 20,000) downloaded by order number (no acknowledgement, so Miva's
//    dt_updated stays as stored), then 1% of them deleted here, and, with a WAN round trip
//    (default 50 ms) added to every simulator request, a `changed` reconciliation of the window
//    holding all N at concurrency 1, 2 and 4: Miva calls per 1,000 orders checked, orders checked
//    per second, and whether it found exactly the deleted orders (nothing else downloaded, no
//    revision made).
// 2. Historical import (skipped with importOrders=0): M orders (default 50,000), `refetch: "all"`
//    into an emptied database with 500 ms added to every request, at concurrency 1, 2, 4 and 8,
//    against the official `merchantapi` SDK's fetch-only rate over the same simulator
//    (OrderList_Load_Query pages of the same size, same columns, sequential, as its docs show),
//    measured after one unmeasured pass has warmed the simulator's serialisation cache.
// Run: npm run bench:reconcile -- [orders=20000] [latencyMs=50] [importOrders=50000]
// Database: DATABASE_URL (a server; a scratch database is created and dropped on it), else
// postgres://postgres@127.0.0.1:5432/postgres.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { request } from 'undici';
import { BridgeApp, createBridgeApp } from '../src/bridge-app';
import { loadConfig } from '../src/config/app-config';
import { ORDER_DOWNLOAD_COLUMNS } from '../src/miva-model/miva.models';
import { DownloadOptions } from '../src/modules/orders/download/download-options';
import { simulatorControl } from '../src/simulator/control-client';
import type { CallLogEntry } from '../src/simulator/state';
import { cpuMeter, cpuSecondsOf } from './support/proc-stats';
import { SimulatorCredentials, startSimulatorProcess } from './support/simulator-process';

const ORDERS = Number(process.argv[2] ?? 20_000);
const LATENCY_MS = Number(process.argv[3] ?? 50);
const IMPORT_ORDERS = Number(process.argv[4] ?? 50_000);
const IMPORT_LATENCY_MS = 500;
const MISSING_EVERY = 100; // 1%
const CHECK_CONCURRENCY = [1, 2, 4];
const IMPORT_CONCURRENCY = [1, 2, 4, 8];
const GOAL_IMPORT_RATIO = 3;
const ADMIN = 'bench-admin-key-0123456789abcdef';
const PASSPHRASE = 'simulator-passphrase';

interface Run {
  id: string;
  status: string;
  ordersSeen: number;
  ordersCreated: number;
  ordersUpdated: number;
  ordersFailed: number;
  error: string | null;
}

interface SdkOrderListRequest {
  setCount(n: number): SdkOrderListRequest;
  setOffset(n: number): void;
  setSort(field: string): SdkOrderListRequest;
  setOnDemandColumns(columns: string[]): SdkOrderListRequest;
  setPassphrase(passphrase: string): SdkOrderListRequest;
  promise(): Promise<{
    isSuccess(): boolean;
    getErrorMessage(): string;
    getOrders(): { getId(): number }[];
    getTotalCount(): number;
  }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('merchantapi') as {
  Client: new (
    endpoint: string,
    token: string,
    key: string,
    options: Record<string, unknown>,
  ) => object;
  requests: { OrderListLoadQuery: new (client: object) => SdkOrderListRequest };
};

async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_reconcile_${Date.now()}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** The SDK reading every order once, page by page by Offset, as its documentation does. */
async function sdkFetchOnly(creds: SimulatorCredentials, pageSize: number): Promise<number> {
  const client = new sdk.Client(creds.endpointUrl, creds.accessToken, creds.signingKey, {
    default_store_code: creds.storeCode,
    signing_key_digest: 'sha256',
  });
  let read = 0;
  for (let offset = 0; ; offset += pageSize) {
    const req = new sdk.requests.OrderListLoadQuery(client);
    req.setOffset(offset);
    req
      .setCount(pageSize)
      .setSort('id')
      .setOnDemandColumns([...ORDER_DOWNLOAD_COLUMNS])
      .setPassphrase(PASSPHRASE);
    const res = await req.promise();
    if (!res.isSuccess()) {
      throw new Error(`SDK: ${res.getErrorMessage()}`);
    }
    const page = res.getOrders();
    read += page.length;
    if (page.length < pageSize || offset + pageSize >= res.getTotalCount()) {
      return read;
    }
  }
}

type Api = <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<T>;

function apiOf(base: string): Api {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await request(`${base}${path}`, {
      method: method as 'GET',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.body.json()) as T;
    if (res.statusCode >= 300) {
      throw new Error(`${method} ${path}: ${res.statusCode} ${JSON.stringify(json)}`);
    }
    return json;
  };
}

/** Polls the store's runs until `runId` has ended. */
async function finished(api: Api, storeId: string, runId: string): Promise<Run> {
  for (;;) {
    const runs = await api<Run[]>('GET', `/api/v1/stores/${storeId}/sync-runs?limit=5`);
    const run = runs.find((r) => r.id === runId);
    if (run !== undefined && run.status !== 'running') {
      return run;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The simulator's calls after `seq`: HTTP requests and the function names they carried. */
async function callsSince(controlUrl: string, seq: number): Promise<CallLogEntry[]> {
  return (await simulatorControl<{ data: CallLogEntry[] }>(controlUrl, 'GET', `/log?since=${seq}`))
    .data;
}

async function lastSeq(controlUrl: string): Promise<number> {
  const calls = await callsSince(controlUrl, 0);
  return calls.at(-1)?.seq ?? 0;
}

/** CPU seconds of this process (the service, and the bench's polling) and of the simulator. */
function cpuParties(simulatorPid: number): Record<string, () => number> {
  return {
    service: () => cpuSecondsOf(process.pid),
    simulator: () => cpuSecondsOf(simulatorPid),
  };
}

/** CPU milliseconds per 1,000 orders of each party. */
function perThousand(cpu: Record<string, number>, orders: number): string {
  return Object.entries(cpu)
    .map(([who, seconds]) => `${who} ${((seconds * 1_000_000) / orders).toFixed(0)}`)
    .join(', ');
}

/** A reconciliation of the store, timed from the request to the run's end. */
async function reconcile(
  api: Api,
  storeId: string,
  body: Record<string, unknown>,
  cpu: Record<string, () => number>,
): Promise<{ run: Run; seconds: number; cpu: Record<string, number> }> {
  const stopMeter = cpuMeter(cpu);
  const started = performance.now();
  const { runId } = await api<{ runId: string }>(
    'POST',
    `/api/v1/stores/${storeId}/reconcile`,
    body,
  );
  const run = await finished(api, storeId, runId);
  if (run.status !== 'succeeded') {
    throw new Error(`reconcile ${JSON.stringify(body)} ended ${run.status}: ${run.error}`);
  }
  return { run, seconds: (performance.now() - started) / 1000, cpu: stopMeter() };
}

async function main(): Promise<void> {
  const pageSize = new DownloadOptions().pageSize;
  const { child: simulator, creds } = await startSimulatorProcess(Math.max(ORDERS, 1), [
    '--max-old-space-size=8192',
  ]);
  const controlUrl = creds.endpointUrl.replace(/\/mm5\/json\.mvc$/, '/__sim');
  const database = await scratchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-reconcile-'));
  const db = new Client({ connectionString: database.url });
  let bridge: BridgeApp | undefined;
  let goalsMet = true;
  try {
    bridge = await createBridgeApp(
      loadConfig({
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        ADMIN_API_KEY: ADMIN,
        LOG_LEVEL: 'warn',
        SYNC_SCHEDULER: 'off',
      }),
    );
    await bridge.app.listen(0, '127.0.0.1');
    const port = (bridge.app.getHttpServer().address() as AddressInfo).port;
    const api = apiOf(`http://127.0.0.1:${port}`);
    await db.connect();
    // A window that holds every generated order (placed up to 30 days before the simulator
    // started) and the orders added meanwhile.
    const window = {
      from: new Date(Date.now() - 40 * 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    };

    // 1. Checking.
    const store = await api<{ id: string }>('POST', '/api/v1/stores', {
      name: 'bench',
      ...creds,
      paymentPassphrase: PASSPHRASE,
      download: { strategy: 'order_number', reconcileDays: 31 },
    });
    const backfillStarted = performance.now();
    const { runId } = await api<{ runId: string }>('POST', `/api/v1/stores/${store.id}/sync`);
    const backfill = await finished(api, store.id, runId);
    if (backfill.ordersCreated !== ORDERS) {
      throw new Error(`backfill: ${JSON.stringify(backfill)}`);
    }
    console.log(
      `${ORDERS} orders downloaded by order number in ${((performance.now() - backfillStarted) / 1000).toFixed(1)} s`,
    );
    const ids = (
      await db.query<{ id: number }>(
        'SELECT miva_order_id AS id FROM miva_orders WHERE store_id = $1 ORDER BY 1',
        [store.id],
      )
    ).rows.map((r) => r.id);
    const missing = ids.filter((_, i) => i % MISSING_EVERY === MISSING_EVERY / 2);
    await simulatorControl(controlUrl, 'PUT', '/faults', { latencyMs: LATENCY_MS });
    const checks: string[] = [];
    let exact = true;
    for (const concurrency of CHECK_CONCURRENCY) {
      await db.query('DELETE FROM orders WHERE store_id = $1 AND miva_order_id = ANY($2::int[])', [
        store.id,
        missing,
      ]);
      await db.query(
        'DELETE FROM miva_orders WHERE store_id = $1 AND miva_order_id = ANY($2::int[])',
        [store.id, missing],
      );
      const seq = await lastSeq(controlUrl);
      const { run, seconds, cpu } = await reconcile(
        api,
        store.id,
        { ...window, refetch: 'changed', concurrency },
        cpuParties(simulator.pid ?? 0),
      );
      const calls = await callsSince(controlUrl, seq);
      const functions = new Set(calls.flatMap((c) => c.functions));
      const back = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM miva_orders WHERE store_id = $1 AND miva_order_id = ANY($2::int[])',
        [store.id, missing],
      );
      const found =
        run.ordersSeen === ORDERS &&
        run.ordersCreated === missing.length &&
        run.ordersUpdated === 0 &&
        Number(back.rows[0]?.n) === missing.length &&
        functions.size === 1 &&
        functions.has('OrderList_Load_Query');
      exact &&= found;
      checks.push(
        `  concurrency ${concurrency}: ${(ORDERS / seconds).toFixed(0)} orders checked/s (${seconds.toFixed(2)} s), ${calls.length} Miva calls = ${((calls.length * 1000) / ORDERS).toFixed(2)} per 1,000 orders checked; CPU ms per 1,000 checked: ${perThousand(cpu, ORDERS)}; ${run.ordersCreated} downloaded, ${run.ordersUpdated} updated: ${found ? 'exactly the missing ones' : `NOT exactly the ${missing.length} missing (${JSON.stringify(run)}, functions ${[...functions].join(', ')})`}`,
      );
    }
    await simulatorControl(controlUrl, 'DELETE', '/faults');
    console.log(
      `\nreconcile bench, checking: ${ORDERS} orders in the window, ${missing.length} (1%) missing here, ${LATENCY_MS} ms added to every Miva request, refetch "changed"`,
    );
    for (const line of checks) {
      console.log(line);
    }
    console.log(`  found exactly the missing orders at every concurrency: ${exact ? 'yes' : 'NO'}`);
    goalsMet &&= exact;

    // 2. Historical import.
    if (IMPORT_ORDERS > 0) {
      const reset = await simulatorControl<{ orders: number }>(controlUrl, 'POST', '/reset', {
        orders: IMPORT_ORDERS,
        seed: 1,
      });
      console.log(`\nsimulator reset with ${reset.orders} orders`);
      // Warm the simulator's per-order serialisation cache (no latency), unmeasured.
      await sdkFetchOnly(creds, pageSize);
      await simulatorControl(controlUrl, 'PUT', '/faults', { latencyMs: IMPORT_LATENCY_MS });
      const sdkStarted = performance.now();
      const sdkRead = await sdkFetchOnly(creds, pageSize);
      const sdkRate = sdkRead / ((performance.now() - sdkStarted) / 1000);
      console.log(
        `  merchantapi SDK, fetch only, sequential pages of ${pageSize}: ${sdkRate.toFixed(0)} orders/s`,
      );
      const rates = new Map<number, number>();
      for (const concurrency of IMPORT_CONCURRENCY) {
        await db.query('TRUNCATE orders, miva_orders CASCADE');
        const { run, seconds, cpu } = await reconcile(
          api,
          store.id,
          { ...window, refetch: 'all', concurrency },
          cpuParties(simulator.pid ?? 0),
        );
        if (run.ordersSeen !== IMPORT_ORDERS || run.ordersCreated !== IMPORT_ORDERS) {
          throw new Error(`import at concurrency ${concurrency}: ${JSON.stringify(run)}`);
        }
        rates.set(concurrency, IMPORT_ORDERS / seconds);
        console.log(
          `  refetch "all" at concurrency ${concurrency}: ${(IMPORT_ORDERS / seconds).toFixed(0)} orders/s imported (${seconds.toFixed(1)} s), ${(IMPORT_ORDERS / seconds / sdkRate).toFixed(2)}× the SDK's fetch only; CPU ms per 1,000: ${perThousand(cpu, IMPORT_ORDERS)}`,
        );
      }
      await simulatorControl(controlUrl, 'DELETE', '/faults');
      const ratio = (rates.get(4) ?? 0) / sdkRate;
      const met = ratio >= GOAL_IMPORT_RATIO;
      goalsMet &&= met;
      console.log(
        `\nreconcile bench, historical import: ${IMPORT_ORDERS} orders, ${IMPORT_LATENCY_MS} ms added to every Miva request`,
      );
      console.log(
        `  goal: import at concurrency 4 >= ${GOAL_IMPORT_RATIO}× the SDK's fetch-only rate: ${ratio.toFixed(2)}× ${met ? 'met' : 'NOT met'}`,
      );
    }
  } finally {
    await db.end().catch(() => undefined);
    await bridge?.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    simulator.kill('SIGTERM');
  }
  process.exitCode = goalsMet ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
