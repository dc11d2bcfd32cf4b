// Our Miva client's download rate against the official `merchantapi` Node SDK, on the same pages:
// OrderList_Load_Query, 100 orders per page with items, charges, payments and custom fields,
// signed HMAC-SHA256, against the simulator running in its own process (as a real Miva is
// remote, the server's CPU is not shared with the client's event loop).
// Each scenario reads every order once per client, alternating clients, and keeps the best of
// `passes`. The simulator can add a per-request latency to imitate a WAN round trip.
// Run: npx ts-node -T -P tsconfig.json bench/miva-client.bench.ts [orders] [passes] [latencies]
//   e.g. ... bench/miva-client.bench.ts 5000 3 0,50
import { request } from 'undici';
import { MivaClient } from '../src/modules/miva/miva-client';
import { MivaApi } from '../src/modules/miva/miva-api';
import { MivaListQuery } from '../src/modules/miva/miva-list-query';
import { SimulatorCredentials, startSimulatorProcess } from './support/simulator-process';

const GOAL_RATIO = 1.5;
const PAGE = 100;
const COLUMNS = ['items', 'charges', 'payments', 'CustomField_Values:*'];
const orderCount = Number(process.argv[2] ?? 5000);
const passes = Number(process.argv[3] ?? 3);
const latencies = (process.argv[4] ?? '0,50').split(',').map(Number);
const CONCURRENCY = 4;

interface SdkOrderListRequest {
  setCount(n: number): SdkOrderListRequest;
  setOffset(n: number): void;
  setSort(field: string): SdkOrderListRequest;
  setOnDemandColumns(columns: string[]): SdkOrderListRequest;
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

async function setLatency(creds: SimulatorCredentials, latencyMs: number): Promise<void> {
  const controlUrl = creds.endpointUrl.replace(/\/mm5\/json\.mvc$/, '/__sim/faults');
  const res = await request(controlUrl, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs }),
  });
  await res.body.dump();
}

async function sdkRun(client: object): Promise<number[]> {
  const ids: number[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const req = new sdk.requests.OrderListLoadQuery(client);
    req.setCount(PAGE).setSort('id').setOnDemandColumns(COLUMNS);
    req.setOffset(offset);
    const res = await req.promise();
    if (!res.isSuccess()) {
      throw new Error(`SDK: ${res.getErrorMessage()}`);
    }
    const orders = res.getOrders();
    ids.push(...orders.map((o) => o.getId()));
    if (orders.length < PAGE || offset + PAGE >= res.getTotalCount()) {
      return ids;
    }
  }
}

async function ourRun(api: MivaApi, concurrency: number): Promise<number[]> {
  const ids: number[] = [];
  const query = MivaListQuery.create()
    .columns(...COLUMNS)
    .sort('id');
  for await (const page of api.paginateOrders(query, { pageSize: PAGE, concurrency })) {
    for (const order of page.items) {
      ids.push(order.id);
    }
  }
  return ids;
}

async function timed(run: () => Promise<number[]>): Promise<{ rate: number; ids: number[] }> {
  const t0 = performance.now();
  const ids = await run();
  const seconds = (performance.now() - t0) / 1000;
  return { rate: ids.length / seconds, ids };
}

async function main(): Promise<void> {
  const { child, creds } = await startSimulatorProcess(orderCount);
  const sdkClient = new sdk.Client(creds.endpointUrl, creds.accessToken, creds.signingKey, {
    default_store_code: creds.storeCode,
    signing_key_digest: 'sha256',
  });
  const sequential = new MivaClient({ ...creds, signatureDigest: 'sha256' }, { concurrency: 1 });
  const concurrent = new MivaClient(
    { ...creds, signatureDigest: 'sha256' },
    { concurrency: CONCURRENCY },
  );
  const ours1 = new MivaApi(sequential);
  const oursN = new MivaApi(concurrent);
  const runners: [string, () => Promise<number[]>][] = [
    ['merchantapi SDK (sequential pages)', () => sdkRun(sdkClient)],
    ['MivaClient, 1 page at a time', () => ourRun(ours1, 1)],
    [`MivaClient, ${CONCURRENCY} pages in flight`, () => ourRun(oursN, CONCURRENCY)],
  ];
  let allGoalsMet = true;
  try {
    // Warm-up: connections, JIT, the simulator's serialisation cache.
    await setLatency(creds, 0);
    for (const [, run] of runners) {
      await run();
    }
    console.log(
      `Miva client bench: ${orderCount} orders, pages of ${PAGE} (${COLUMNS.join(', ')}), best of ${passes}, simulator in its own process`,
    );
    for (const latency of latencies) {
      await setLatency(creds, latency);
      const best = runners.map(() => 0);
      for (let pass = 0; pass < passes; pass++) {
        for (const [i, [name, run]] of runners.entries()) {
          const { rate, ids } = await timed(run);
          if (ids.length !== orderCount || new Set(ids).size !== orderCount) {
            throw new Error(
              `${name} read ${ids.length} orders (${new Set(ids).size} distinct), expected ${orderCount}`,
            );
          }
          best[i] = Math.max(best[i] ?? 0, rate);
        }
      }
      console.log(`\nsimulated server latency ${latency} ms per request:`);
      for (const [i, [name]] of runners.entries()) {
        console.log(`  ${name.padEnd(40)} ${(best[i] ?? 0).toFixed(0).padStart(7)} orders/s`);
      }
      const [sdkBest = 0, sequentialBest = 0, oursBest = 0] = best;
      const ratio = oursBest / sdkBest;
      const met = ratio >= GOAL_RATIO;
      allGoalsMet &&= met;
      console.log(
        `  ratio ours/SDK: ${ratio.toFixed(2)}x (sequential alone ${(sequentialBest / sdkBest).toFixed(2)}x); goal >= ${GOAL_RATIO}x: ${met ? 'met' : 'NOT met'}`,
      );
    }
  } finally {
    await Promise.all([sequential.close(), concurrent.close()]);
    child.kill('SIGTERM');
  }
  process.exitCode = allGoalsMet ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
