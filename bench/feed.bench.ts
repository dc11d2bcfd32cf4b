// The OMS feed on a real PostgreSQL with N stored orders (default 100,000, seeded through the real
// write path in batches of 500): a client pages the whole feed with limit=100 and limit=500
// (orders/s, p50/p99 per page), one store's feed, the acknowledgement rate, the
// `acknowledged=false` feed once most orders are acknowledged, and 50 concurrent clients on
// GET /orders/:id (autocannon). The service runs in its own process (bench/feed/bench-server.ts,
// built, with npm start's node flags).
// Run: npx ts-node -P tsconfig.json bench/feed.bench.ts [orders=100000]
// Database: DATABASE_URL (a server; a scratch database is created and dropped on it), else
// postgres://postgres@127.0.0.1:5432/postgres.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { request } from 'undici';
import { must } from '../src/common/must';
import { ensureBuilt } from '../scripts/ensure-built';
import { BENCH_ADMIN_KEY, benchStoreIds } from './feed/bench-shared';
import { startNodeFlags } from './support/start-node-flags';

const ORDERS = Number(process.argv[2] ?? 100_000);
const STORES = 4;
const GOAL_ORDERS_PER_SECOND = 5000;
const GOAL_P99_PAGE_100_MS = 100;
const GOAL_BY_ID_PER_SECOND = 3000;
const GOAL_BY_ID_P99_MS = 50;
const AUTH = { authorization: `Bearer ${BENCH_ADMIN_KEY}` };

interface FeedPage {
  data: { id: string; revision: number }[];
  nextCursor: string | null;
}

interface PagingResult {
  label: string;
  orders: number;
  pages: number;
  seconds: number;
  p50: number;
  p99: number;
  ids: { id: string; revision: number }[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await request(url, { headers: AUTH });
  const text = await res.body.text();
  if (res.statusCode !== 200) {
    throw new Error(`GET ${url} → ${res.statusCode}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text) as T;
}

/** Follows nextCursor from the start to the end, timing each page as the client sees it. */
async function pageFeed(
  base: string,
  label: string,
  query: Record<string, string>,
): Promise<PagingResult> {
  const times: number[] = [];
  const ids: { id: string; revision: number }[] = [];
  let cursor: string | null = null;
  const started = process.hrtime.bigint();
  do {
    const params = new URLSearchParams(cursor === null ? query : { ...query, cursor });
    const t0 = process.hrtime.bigint();
    const page: FeedPage = await getJson<FeedPage>(`${base}/api/v1/orders?${params.toString()}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    for (const o of page.data) {
      ids.push({ id: o.id, revision: o.revision });
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  return {
    label,
    orders: ids.length,
    pages: times.length,
    seconds,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    ids,
  };
}

function report(r: PagingResult): void {
  console.log(
    `  ${r.label.padEnd(44)} ${String(r.orders).padStart(7)} orders, ${String(r.pages).padStart(5)} pages in ${r.seconds.toFixed(1)} s: ` +
      `${Math.round(r.orders / r.seconds)} orders/s; per page p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`,
  );
}

async function startServer(
  databaseUrl: string,
): Promise<{ child: ChildProcess; url: string; seed: { seconds: number; perSecond: number } }> {
  const child = spawn(
    process.execPath,
    [
      ...startNodeFlags(),
      join(__dirname, '..', 'dist', 'bench', 'feed', 'bench-server.js'),
      databaseUrl,
      String(ORDERS),
      String(STORES),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    lines.on('line', (line) => {
      const msg = JSON.parse(line) as {
        seeding?: number;
        url?: string;
        seed?: { seconds: number; perSecond: number };
      };
      if (msg.seeding !== undefined) {
        process.stdout.write(`\r  seeding… ${msg.seeding} orders`);
      } else if (msg.url !== undefined && msg.seed !== undefined) {
        process.stdout.write('\n');
        resolve({ child, url: msg.url, seed: msg.seed });
      }
    });
  });
}

async function withAdmin<T>(serverUrl: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  ensureBuilt();
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_feed_${Date.now()}`;
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${name}`;
  let child: ChildProcess | undefined;
  try {
    console.log(`feed bench: ${ORDERS} orders in ${STORES} stores, database ${name}`);
    const server = await startServer(dbUrl.toString());
    child = server.child;
    console.log(
      `  seeding through OrderIngestService: ${ORDERS} orders in ${server.seed.seconds.toFixed(1)} s = ${Math.round(server.seed.perSecond)} orders/s`,
    );
    const base = server.url;

    // Warm-up (JIT, plans, caches), not reported.
    await pageFeed(base, 'warm-up', { limit: '500' });

    const by100 = await pageFeed(base, 'whole feed, limit=100', { limit: '100' });
    report(by100);
    const by500 = await pageFeed(base, 'whole feed, limit=500', { limit: '500' });
    report(by500);
    const oneStore = await pageFeed(base, 'one store (storeId=…), limit=100', {
      storeId: must(benchStoreIds(STORES)[1], 'the second store'),
      limit: '100',
    });
    report(oneStore);
    if (by100.orders !== ORDERS || by500.orders !== ORDERS) {
      throw new Error(`the feed served ${by100.orders}/${by500.orders} orders, not ${ORDERS}`);
    }

    // Acknowledge 90% (batches of 1000), then the OMS's "what is new for me" feed from the start.
    const toAck = by100.ids.slice(0, Math.floor(ORDERS * 0.9));
    const ackStarted = process.hrtime.bigint();
    for (let i = 0; i < toAck.length; i += 1000) {
      const res = await request(`${base}/api/v1/orders/acknowledgements`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ orders: toAck.slice(i, i + 1000) }),
      });
      const body = (await res.body.json()) as { acknowledged: number };
      if (res.statusCode !== 200 || body.acknowledged !== Math.min(1000, toAck.length - i)) {
        throw new Error(`acknowledgement answered ${res.statusCode}: ${JSON.stringify(body)}`);
      }
    }
    const ackSeconds = Number(process.hrtime.bigint() - ackStarted) / 1e9;
    console.log(
      `  ${'acknowledgements, batches of 1000'.padEnd(44)} ${String(toAck.length).padStart(7)} in ${ackSeconds.toFixed(1)} s: ${Math.round(toAck.length / ackSeconds)} orders/s`,
    );
    const open = await pageFeed(base, 'acknowledged=false (90% acked), limit=100', {
      acknowledged: 'false',
      limit: '100',
    });
    report(open);
    const firstOpen = await pageFeed(base, 'acknowledged=false, limit=500', {
      acknowledged: 'false',
      limit: '500',
    });
    report(firstOpen);

    // 50 concurrent clients reading single orders by id: 3 s to warm up (JIT, pools), then 10 s
    // measured.
    const ids = by100.ids.map((o) => o.id);
    let n = 0;
    const readById = (duration: number) =>
      autocannon({
        url: base,
        connections: 50,
        duration,
        headers: AUTH,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({
              ...req,
              path: `/api/v1/orders/${ids[(n++ * 7919) % ids.length]}`,
            }),
          },
        ],
      });
    await readById(3);
    const result = await readById(10);
    console.log(
      `  ${'GET /orders/:id, 50 connections, 10 s'.padEnd(44)} ${Math.round(result.requests.average)} req/s; ` +
        `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; ` +
        `non-2xx ${result.non2xx}, errors ${result.errors}`,
    );

    const rate100 = by100.orders / by100.seconds;
    const rate500 = by500.orders / by500.seconds;
    console.log(
      `  goals: ≥ ${GOAL_ORDERS_PER_SECOND} orders/s through the feed: ${Math.round(rate100)} (limit=100), ${Math.round(rate500)} (limit=500) ${
        Math.min(rate100, rate500) >= GOAL_ORDERS_PER_SECOND ? 'MET' : 'MISSED'
      }; p99 per 100-order page < ${GOAL_P99_PAGE_100_MS} ms: ${by100.p99.toFixed(1)} ms ${
        by100.p99 < GOAL_P99_PAGE_100_MS ? 'MET' : 'MISSED'
      }`,
    );
    const byId = result.requests.average;
    console.log(
      `  goal: GET /orders/:id ≥ ${GOAL_BY_ID_PER_SECOND} req/s with p99 < ${GOAL_BY_ID_P99_MS} ms at 50 clients: ` +
        `${Math.round(byId)} req/s, p99 ${result.latency.p99} ms ${
          byId >= GOAL_BY_ID_PER_SECOND && result.latency.p99 < GOAL_BY_ID_P99_MS ? 'MET' : 'MISSED'
        }`,
    );
  } finally {
    if (child) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.stdin?.end();
      await exited;
    }
    await withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
