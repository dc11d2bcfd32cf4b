// Inventory relay: the real service (in process) against the Miva simulator.
//  1. Burst: 10,000 deltas over 100 products, POSTed 100 per request (8 requests in flight).
//     Figures: Miva calls made (goal ≤ 200), time until all are sent, final stock exact.
//  2. Steady: 50 deltas/s, one per request, products in turn. Figures: latency from the POST to
//     the simulator receiving the delta, p50/p99 (goal p99 ≤ 1 s).
// Database: embedded PGlite by default; a fresh database on DATABASE_URL's server when set.
// Run: npx ts-node -P tsconfig.json bench/inventory.bench.ts [burst=10000] [steadySeconds=20]
import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createBridgeApp } from '../src/bridge-app';
import { first, must } from '../src/common/must';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { CredentialVault } from '../src/modules/stores/credential-vault';
import { RunningSimulator, startSimulator } from '../src/simulator/simulator';

const BURST = Number(process.argv[2] ?? 10_000);
const STEADY_SECONDS = Number(process.argv[3] ?? 20);
const PRODUCTS = 100;
const PER_REQUEST = 100;
const IN_FLIGHT = 8;
const STEADY_RATE = 50;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const GOAL_CALLS = 200;
const GOAL_P99_MS = 1000;

const skus = Array.from({ length: PRODUCTS }, (_, i) => `PRT${String(i + 1).padStart(3, '0')}`);

/** Records when each Miva request reaches the simulator, and which products it adjusts. */
class ArrivalProxy {
  readonly arrivals: { at: number; skus: string[] }[] = [];
  private server!: Server;

  constructor(private readonly sim: RunningSimulator) {}

  async start(): Promise<string> {
    const target = new URL(this.sim.endpointUrl);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const at = performance.now();
        const forward = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: { ...req.headers, host: target.host },
          },
          (upstream) => {
            res.writeHead(upstream.statusCode ?? 502, upstream.headers);
            upstream.pipe(res);
            // The simulator has applied the request once it answers.
            upstream.once('end', () => this.record(at, body));
          },
        );
        forward.on('error', () => res.destroy());
        forward.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${target.pathname}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(at: number, body: Buffer): void {
    const text = body.toString('utf8');
    if (!text.includes('ProductList_Adjust_Inventory')) {
      return;
    }
    const parsed = JSON.parse(text) as {
      Operations?: { Inventory_Adjustments?: { product_sku: string }[] }[];
      Inventory_Adjustments?: { product_sku: string }[];
    };
    const list =
      parsed.Operations?.[0]?.Inventory_Adjustments ?? parsed.Inventory_Adjustments ?? [];
    this.arrivals.push({ at, skus: list.map((a) => a.product_sku) });
  }
}

async function database(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    return { url: undefined, drop: () => Promise.resolve() };
  }
  const name = `bench_inventory_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const sim = await startSimulator({ seed: 3 });
  const proxy = new ArrivalProxy(sim);
  const endpointUrl = await proxy.start();
  const db = await database();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-inventory-'));
  const config = loadConfig({
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    SYNC_SCHEDULER: 'off',
  });
  const bridge = await createBridgeApp(config);
  await bridge.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(bridge.app.getHttpServer().address() as AddressInfo).port}`;
  const dataSource = bridge.app.get(DataSource);

  const sealed = new CredentialVault(bridge.app.get(AppConfig).secretKey).seal({
    accessToken: sim.accessToken,
    signingKey: sim.signingKey,
    paymentPassphrase: null,
  });
  const { id: storeId } = first(
    await dataSource.query<{ id: string }[]>(
      `INSERT INTO stores (name, endpoint_url, store_code, credentials_enc, access_token_last4,
                         download, product_identifier, webhook_token_hash, enabled)
     VALUES ('bench', $1, $2, $3, 'xxxx', $4::jsonb, 'sku', $5, true) RETURNING id`,
      [
        endpointUrl,
        sim.storeCode,
        sealed,
        JSON.stringify({
          strategy: 'queue_ack',
          queueCode: 'new_and_updated',
          pollIntervalSeconds: 900,
          overlap: 300,
          importStatuses: [],
          startFrom: null,
        }),
        createHash('sha256').update(randomBytes(8)).digest('hex'),
      ],
    ),
  );

  const stock = (): number[] =>
    skus.map((sku) => sim.state.findProduct({ sku })[0]?.product_inventory ?? 0);
  const adjustCalls = (): number =>
    sim.state.log.filter((e) => e.functions.includes('ProductList_Adjust_Inventory')).length;
  const post = async (adjustments: { eventId: string; identifier: string; delta: number }[]) => {
    const res = await fetch(`${base}/api/v1/inventory/adjustments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ storeId, adjustments }),
    });
    if (res.status !== 202) {
      throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    }
  };
  const pendingCount = async (): Promise<number> => {
    const rows = await dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM inventory_events WHERE status = 'pending'`,
    );
    return Number(first(rows).n);
  };
  const waitDrained = async (): Promise<void> => {
    while ((await pendingCount()) > 0) {
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  // Every product tracks inventory from a known count.
  for (const sku of skus) {
    first(sim.state.findProduct({ sku }), sku).product_inventory_active = true;
  }

  // ---- 1. burst
  const random = rng(42);
  const deltas = Array.from({ length: BURST }, (_, i) => ({
    eventId: `burst-${i}`,
    identifier: must(skus[Math.floor(random() * PRODUCTS)], 'a SKU'),
    delta: random() < 0.7 ? -1 - Math.floor(random() * 3) : 1 + Math.floor(random() * 50),
  }));
  const expected = stock();
  for (const d of deltas) {
    const at = skus.indexOf(d.identifier);
    expected[at] = (expected[at] ?? 0) + d.delta;
  }
  const callsBefore = adjustCalls();
  const t0 = performance.now();
  const chunks: (typeof deltas)[] = [];
  for (let i = 0; i < deltas.length; i += PER_REQUEST) {
    chunks.push(deltas.slice(i, i + PER_REQUEST));
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < chunks.length) {
        await post(must(chunks[next++], 'a chunk'));
      }
    }),
  );
  const accepted = performance.now() - t0;
  await waitDrained();
  const drained = performance.now() - t0;
  const burstCalls = adjustCalls() - callsBefore;
  const final = stock();
  const exact = final.every((v, i) => v === expected[i]);
  const { n: failed } = first(
    await dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM inventory_events WHERE status = 'failed'`,
    ),
  );

  // ---- 2. steady 50/s
  const arrivalsBefore = proxy.arrivals.length;
  const sentAt: { sku: string; at: number }[] = [];
  const total = STEADY_RATE * STEADY_SECONDS;
  const start = performance.now();
  const posts: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / STEADY_RATE;
    const wait = due - performance.now();
    if (wait > 0) {
      await new Promise((r) => setTimeout(r, wait));
    }
    const sku = must(skus[i % PRODUCTS], 'a SKU');
    sentAt.push({ sku, at: performance.now() });
    posts.push(post([{ eventId: `steady-${i}`, identifier: sku, delta: -1 }]));
  }
  await Promise.all(posts);
  await waitDrained();
  await new Promise((r) => setTimeout(r, 200));
  const arrivals = proxy.arrivals.slice(arrivalsBefore);
  const latencies: number[] = [];
  let unmatched = 0;
  for (const s of sentAt) {
    const hit = arrivals.find((a) => a.at >= s.at && a.skus.includes(s.sku));
    if (hit) {
      latencies.push(hit.at - s.at);
    } else {
      unmatched += 1;
    }
  }
  latencies.sort((a, b) => a - b);
  const steadyCalls = arrivals.length;

  const mode = db.url ? 'PostgreSQL server' : 'embedded PGlite';
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const lines = [
    `inventory relay bench (${mode}, ${PRODUCTS} products)`,
    `burst: ${BURST} deltas in ${chunks.length} requests: accepted in ${Math.round(accepted)} ms, all sent after ${Math.round(drained)} ms`,
    `  Miva calls: ${burstCalls} (goal <= ${GOAL_CALLS}) ${burstCalls <= GOAL_CALLS ? 'OK' : 'MISSED'}`,
    `  final simulator inventory exact: ${exact ? 'yes' : 'NO'}; failed events: ${failed}`,
    `steady: ${total} deltas at ${STEADY_RATE}/s, one per request; Miva calls: ${steadyCalls}`,
    `  latency POST -> simulator: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies[latencies.length - 1]?.toFixed(1)} ms (goal p99 <= ${GOAL_P99_MS} ms) ${p99 <= GOAL_P99_MS ? 'OK' : 'MISSED'}${unmatched ? `; ${unmatched} unmatched` : ''}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');

  await bridge.close();
  await proxy.close();
  await sim.close();
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
  if (!exact || burstCalls > GOAL_CALLS || p99 > GOAL_P99_MS) {
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
