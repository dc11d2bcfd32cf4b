// The download engine end to end on a real PostgreSQL: a queue_ack backfill of N simulator
// orders (fetch + map + store + acknowledge) by the built service in its own process, started
// with the node flags of `npm start` (rate, its peak RSS from /proc, and sampled peaks of V8's
// heap and of Buffers), and in the same run the official `merchantapi` SDK's fetch-only rate
// over the same pages (same Count, columns and sort; OrderList_Load_Query, since the SDK has no
// queue request), plus our client's fetch-only rate of the queue pages for reference. Both read
// after one unmeasured pass has warmed the simulator's serialisation cache. Each phase also
// reports the CPU time per order of every process (simulator, service or client, PostgreSQL):
// the simulator, the database and the service share this machine's cores, so CPU per order is
// what decides the rate. Then freshness: an order added to the simulator, its webhook sent →
// visible in the feed, p50/p99 over M on a quiet store, and a burst of 50 webhooks/s for 10 s
// (runs started, most running at once). The simulator runs in its own process (a real
// Miva is remote), with all N orders queued.
// Last, with a WAN round trip (default 50 ms) added to every simulator request, the SDK's
// fetch-only rate and the backfill again (not a goal: how the two compare against a remote Miva).
// Run: npx ts-node -T -P tsconfig.json bench/download.bench.ts [orders=50000] [freshness=100]
//      [wanLatencyMs=50; 0 skips that phase]
// Database: DATABASE_URL (a server; a scratch database is created and dropped on it), else
// postgres://postgres@127.0.0.1:5432/postgres. SERVICE_NODE_FLAGS and SIMULATOR_NODE_FLAGS add
// node flags to either process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { request } from 'undici';
import { ensureBuilt } from '../scripts/ensure-built';
import { startNodeFlags } from './support/start-node-flags';
import { MivaClient } from '../src/modules/miva/miva-client';
import { MivaApi } from '../src/modules/miva/miva-api';
import { MivaListQuery, where } from '../src/modules/miva/miva-list-query';
import { ORDER_DOWNLOAD_COLUMNS } from '../src/miva-model/miva.models';
import { simulatorControl } from '../src/simulator/control-client';
import { DownloadOptions } from '../src/modules/orders/download/download-options';
import { freePort } from '../test/support/service-process';
import { cpuMeter, cpuSecondsByName, cpuSecondsOf, rssOf } from './support/proc-stats';
import { SimulatorCredentials, startSimulatorProcess } from './support/simulator-process';

const ORDERS = Number(process.argv[2] ?? 50_000);
const FRESHNESS_SAMPLES = Number(process.argv[3] ?? 100);
const WAN_LATENCY_MS = Number(process.argv[4] ?? 50);
const GOAL_RATE = 2000;
const GOAL_RSS_MB = 250;
const GOAL_IDLE_RSS_MB = 120;
const IDLE_SETTLE_MS = 30_000;
const GOAL_FRESHNESS_P99_MS = 150;
const BURST_PER_SECOND = 50;
const BURST_SECONDS = 10;
const ADMIN = 'bench-admin-key-0123456789abcdef';

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
  const name = `bench_download_${Date.now()}`;
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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Reads every queue page once (id keyset, no acknowledgement): our client's fetch-only rate. */
async function ourFetchOnly(api: MivaApi, pageSize: number): Promise<number> {
  const base = MivaListQuery.create()
    .columns(...ORDER_DOWNLOAD_COLUMNS)
    .sort('id');
  let read = 0;
  for (let after = 0; ;) {
    const page = await api.loadQueueOrders('new_and_updated', base.where(where.gt('id', after)), {
      count: pageSize,
      passphrase: 'simulator-passphrase',
    });
    read += page.data.length;
    const last = page.data.at(-1);
    if (last === undefined || page.total_count <= page.data.length) {
      return read;
    }
    after = last.id;
  }
}

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
      .setPassphrase('simulator-passphrase');
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

/** CPU milliseconds per order of each party, for the report. */
function perOrder(cpu: Record<string, number>): string {
  return Object.entries(cpu)
    .map(([who, seconds]) => `${who} ${((seconds * 1000) / ORDERS).toFixed(3)}`)
    .join(', ');
}

/** A fetch-only pass in this process: its rate and the CPU it took here and in the simulator. */
async function timedRate(
  simulatorPid: number,
  run: () => Promise<number>,
): Promise<{ rate: number; cpu: string }> {
  const stop = cpuMeter({
    simulator: () => cpuSecondsOf(simulatorPid),
    client: () => cpuSecondsOf(process.pid),
  });
  const started = performance.now();
  const count = await run();
  if (count !== ORDERS) {
    throw new Error(`read ${count} orders, expected ${ORDERS}`);
  }
  return { rate: count / ((performance.now() - started) / 1000), cpu: perOrder(stop()) };
}

type Api = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>;
type Run = { id: string; status: string; ordersCreated: number; ordersAcknowledged: number };

/**
 * One sync of the store, run to its end (all ORDERS created): its rate, the CPU per order of each
 * process in `cpu`, and the sampled peaks of the service's V8 heap and Buffers.
 */
async function runBackfill(
  api: Api,
  base: string,
  storeId: string,
  cpu: Record<string, () => number>,
): Promise<{
  rate: number;
  seconds: number;
  run: Run;
  cpu: string;
  heapPeak: { heap: number; external: number };
}> {
  const stopMeter = cpuMeter(cpu);
  const started = performance.now();
  const { runId } = await api<{ runId: string }>('POST', `/api/v1/stores/${storeId}/sync`);
  let run: Run | undefined;
  const heapPeak = { heap: 0, external: 0 };
  for (let polls = 0; run === undefined || run.status === 'running'; polls++) {
    await new Promise((r) => setTimeout(r, 100));
    const runs = await api<Run[]>('GET', `/api/v1/stores/${storeId}/sync-runs?limit=5`);
    run = runs.find((r) => r.id === runId);
    if (polls % 5 === 0) {
      // Where the memory is: V8's heap, or outside it (Buffers).
      const metrics = await (await request(`${base}/metrics`)).body.text();
      const metric = (name: string): number =>
        Number(new RegExp(`^${name} (\\S+)`, 'm').exec(metrics)?.[1] ?? 0) / 2 ** 20;
      heapPeak.heap = Math.max(heapPeak.heap, metric('nodejs_heap_size_total_bytes'));
      heapPeak.external = Math.max(heapPeak.external, metric('nodejs_external_memory_bytes'));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuPerOrder = perOrder(stopMeter());
  if (run.status !== 'succeeded' || run.ordersCreated !== ORDERS) {
    throw new Error(`backfill ended ${run.status}: ${JSON.stringify(run)}`);
  }
  return { rate: ORDERS / seconds, seconds, run, cpu: cpuPerOrder, heapPeak };
}

async function main(): Promise<void> {
  ensureBuilt();
  const pageSize = new DownloadOptions().pageSize;
  const t0 = performance.now();
  const { child: simulator, creds } = await startSimulatorProcess(ORDERS, [
    '--max-old-space-size=8192',
    ...(process.env.SIMULATOR_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  ]);
  const controlUrl = creds.endpointUrl.replace(/\/mm5\/json\.mvc$/, '/__sim');
  console.log(
    `simulator ready with ${ORDERS} queued orders in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const ours = new MivaClient({ ...creds, signatureDigest: 'sha256' }, { concurrency: 1 });
  const database = await scratchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-download-'));
  const db = new Client({ connectionString: database.url });
  let service: ChildProcess | undefined;
  let goalsMet = true;
  try {
    // Fetch only, on a warm simulator: one unmeasured pass, then the SDK and our client.
    await ourFetchOnly(new MivaApi(ours), pageSize);
    const simulatorPid = simulator.pid ?? 0;
    const sdkFetch = await timedRate(simulatorPid, () => sdkFetchOnly(creds, pageSize));
    const ourFetch = await timedRate(simulatorPid, () => ourFetchOnly(new MivaApi(ours), pageSize));
    const sdkRate = sdkFetch.rate;

    // The built service in its own process.
    const port = await freePort();
    const nodeFlags = [
      ...startNodeFlags(),
      ...(process.env.SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean),
    ];
    service = spawn(
      process.execPath,
      [...nodeFlags, join(__dirname, '..', 'dist', 'src', 'main.js')],
      {
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(port),
          DATABASE_URL: database.url,
          DATA_DIR: dataDir,
          ADMIN_API_KEY: ADMIN,
          LOG_LEVEL: 'warn',
          SYNC_SCHEDULER: 'off',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const pid = service.pid ?? 0;
    const base = `http://127.0.0.1:${port}`;
    const api: Api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await request(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.body.json()) as T;
      if (res.statusCode >= 300) {
        throw new Error(`${method} ${path}: ${res.statusCode} ${JSON.stringify(json)}`);
      }
      return json;
    };
    for (let ready = false; !ready;) {
      if (service.exitCode !== null) {
        throw new Error(`the service exited with ${service.exitCode}`);
      }
      try {
        ready = (await request(`${base}/health`)).statusCode === 200;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await db.connect();
    const store = await api<{ id: string; webhookUrl: string }>('POST', '/api/v1/stores', {
      name: 'bench',
      ...creds,
      paymentPassphrase: 'simulator-passphrase',
      download: { strategy: 'queue_ack', queueCode: 'new_and_updated' },
    });
    // Right after start RSS still holds the start-up's garbage; V8's memory reducer returns it
    // once the service has been idle a while. Both are reported; the idle goal is the latter.
    const rssStarted = rssOf(pid).now;
    await new Promise((r) => setTimeout(r, IDLE_SETTLE_MS));
    const rssIdle = rssOf(pid).now;

    // 1. The backfill, end to end.
    const backfill = await runBackfill(api, base, store.id, {
      simulator: () => cpuSecondsOf(simulatorPid),
      service: () => cpuSecondsOf(pid),
      postgres: () => cpuSecondsByName('postgres'),
    });
    const rss = rssOf(pid);
    const stored = await db.query<{ n: string }>('SELECT count(*) AS n FROM orders');
    const rate = backfill.rate;

    // 2. Freshness: an order added, its webhook sent → the order visible in the feed (offered),
    // one at a time on a quiet store; the clock starts when the webhook is sent.
    const visible = async (id: number): Promise<boolean> =>
      (await db.query('SELECT 1 FROM orders WHERE miva_order_id = $1 AND offered', [id]))
        .rowCount === 1;
    const sendWebhook = async (id: number): Promise<void> => {
      const hook = await request(`${base}${store.webhookUrl}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id }),
      });
      await hook.body.dump();
    };
    const addOrder = async (seed: number): Promise<number> => {
      const { ids } = await simulatorControl<{ ids: number[] }>(controlUrl, 'POST', '/orders', {
        count: 1,
        seed,
      });
      return ids[0] ?? NaN;
    };
    await waitForQuiet(db, store.id);
    const latencies: number[] = [];
    for (let i = 0; i < FRESHNESS_SAMPLES; i++) {
      const id = await addOrder(1000 + i);
      const sent = performance.now();
      await sendWebhook(id);
      while (!(await visible(id))) {
        await new Promise((r) => setTimeout(r, 2));
      }
      latencies.push(performance.now() - sent);
      await waitForQuiet(db, store.id);
    }
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);

    // 2b. A burst: 50 webhooks/s for 10 s, each after a new order. Runs in flight are sampled
    // from sync_runs; a follow-up is at most one flag per store (OrdersSyncService.wake).
    const burstStart = new Date();
    const burstIds: number[] = [];
    let maxRunning = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const r = await db.query<{ n: string }>(
          "SELECT count(*) AS n FROM sync_runs WHERE store_id = $1 AND status = 'running'",
          [store.id],
        );
        maxRunning = Math.max(maxRunning, Number(r.rows[0]?.n ?? 0));
        await new Promise((res) => setTimeout(res, 10));
      }
    })();
    const burstT0 = performance.now();
    for (let i = 0; i < BURST_PER_SECOND * BURST_SECONDS; i++) {
      const due = burstT0 + (i * 1000) / BURST_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) {
        await new Promise((r) => setTimeout(r, wait));
      }
      const id = await addOrder(5000 + i);
      burstIds.push(id);
      void sendWebhook(id);
    }
    for (const id of burstIds) {
      while (!(await visible(id))) {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    const burstLast = performance.now() - burstT0;
    await waitForQuiet(db, store.id);
    sampling = false;
    await sampler;
    const burstRuns = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM sync_runs WHERE store_id = $1 AND started_at >= $2',
      [store.id, burstStart],
    );

    // 3. With a WAN round trip added to every Miva request (a real Miva is remote): the SDK's
    // fetch-only rate and the backfill again, on all orders queued anew and an emptied database.
    let wan: { sdkRate: number; backfill: Awaited<ReturnType<typeof runBackfill>> } | undefined;
    if (WAN_LATENCY_MS > 0) {
      await simulatorControl(controlUrl, 'POST', '/reset', { orders: ORDERS });
      await ourFetchOnly(new MivaApi(ours), pageSize);
      await simulatorControl(controlUrl, 'PUT', '/faults', { latencyMs: WAN_LATENCY_MS });
      const sdkWan = await timedRate(simulatorPid, () => sdkFetchOnly(creds, pageSize));
      await db.query('TRUNCATE orders, miva_orders CASCADE');
      wan = {
        sdkRate: sdkWan.rate,
        backfill: await runBackfill(api, base, store.id, {
          simulator: () => cpuSecondsOf(simulatorPid),
          service: () => cpuSecondsOf(pid),
        }),
      };
    }

    const rateMet = rate >= GOAL_RATE && rate >= sdkRate;
    const rssMet = rss.peak < GOAL_RSS_MB && rssIdle <= GOAL_IDLE_RSS_MB;
    const freshMet = p99 <= GOAL_FRESHNESS_P99_MS;
    const burstMet = maxRunning <= 1;
    goalsMet = rateMet && rssMet && freshMet && burstMet;
    console.log(`\ndownload bench: ${ORDERS} orders, pages of ${pageSize}, PostgreSQL server`);
    console.log(
      `  queue_ack backfill, built service (fetch + map + store + ack): ${rate.toFixed(0)} orders/s (${backfill.seconds.toFixed(1)} s, ${stored.rows[0]?.n} stored, ${backfill.run.ordersAcknowledged} acknowledged)`,
    );
    console.log(`    CPU ms per order: ${backfill.cpu}`);
    console.log(
      `  merchantapi SDK, fetch only, same pages:  ${sdkRate.toFixed(0)} orders/s (CPU ms per order: ${sdkFetch.cpu})`,
    );
    console.log(
      `  our client, fetch only, the queue pages:  ${ourFetch.rate.toFixed(0)} orders/s (CPU ms per order: ${ourFetch.cpu})`,
    );
    console.log(
      `  service RSS: peak ${rss.peak.toFixed(0)} MB (just after start ${rssStarted.toFixed(0)} MB, idle ${IDLE_SETTLE_MS / 1000} s later ${rssIdle.toFixed(0)} MB, after the backfill ${rss.now.toFixed(0)} MB; sampled peaks: V8 heap ${backfill.heapPeak.heap.toFixed(0)} MB, Buffers ${backfill.heapPeak.external.toFixed(0)} MB)`,
    );
    console.log(
      `  freshness, webhook → visible in the feed (${FRESHNESS_SAMPLES} orders, quiet store): p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(0)} ms`,
    );
    console.log(
      `  burst, ${BURST_PER_SECOND} webhooks/s for ${BURST_SECONDS} s (one new order each): ${burstRuns.rows[0]?.n} runs, at most ${maxRunning} running at once (+ at most 1 queued), last order visible ${(burstLast / 1000).toFixed(1)} s after the burst began`,
    );
    if (wan !== undefined) {
      console.log(
        `  with ${WAN_LATENCY_MS} ms added to every Miva request: backfill ${wan.backfill.rate.toFixed(0)} orders/s, SDK fetch only ${wan.sdkRate.toFixed(0)} orders/s`,
      );
    }
    console.log(
      `  goals: >= ${GOAL_RATE} orders/s and >= SDK fetch-only: ${rateMet ? 'met' : 'NOT met'}; RSS idle <= ${GOAL_IDLE_RSS_MB} MB and peak < ${GOAL_RSS_MB} MB: ${rssMet ? 'met' : 'NOT met'}; freshness p99 <= ${GOAL_FRESHNESS_P99_MS} ms: ${freshMet ? 'met' : 'NOT met'}; burst ≤ 2 runs in flight or queued: ${burstMet ? 'met' : 'NOT met'}`,
    );
  } finally {
    await db.end().catch(() => undefined);
    if (service && service.exitCode === null) {
      service.kill('SIGTERM');
      await new Promise((r) => service?.once('exit', r));
    }
    await ours.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    simulator.kill('SIGTERM');
  }
  process.exitCode = goalsMet ? 0 : 1;
}

/** Waits until the store has no run going (the next sample starts on a quiet store). */
async function waitForQuiet(db: Client, storeId: string): Promise<void> {
  for (;;) {
    const r = await db.query("SELECT 1 FROM sync_runs WHERE store_id = $1 AND status = 'running'", [
      storeId,
    ]);
    if (r.rowCount === 0) {
      return;
    }
    await new Promise((res) => setTimeout(res, 5));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
