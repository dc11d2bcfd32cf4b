// The simulator's serving rate: orders/s through OrderList_Load_Query, pages of 100 orders with
// every on-demand column (items, payments + decrypted payment_data, custom fields...), signed
// HMAC-SHA256 requests over keep-alive HTTP with undici. Loopback only; bounded by request count.
// Run: npx ts-node -T -P tsconfig.json bench/simulator.bench.ts [orders] [concurrency] [passes]
import { createHmac } from 'node:crypto';
import { Agent, request } from 'undici';
import { must } from '../src/common/must';
import { startSimulator } from '../src/simulator/simulator';
import { ORDER_DOWNLOAD_COLUMNS } from '../src/miva-model/miva.models';

const GOAL_ORDERS_PER_SECOND = 5_000;
const PAGE = 100;
const orderCount = Number(process.argv[2] ?? 5_000);
const concurrency = Number(process.argv[3] ?? 4);
const passes = Number(process.argv[4] ?? 3);

const COLUMNS = [...ORDER_DOWNLOAD_COLUMNS];

async function main(): Promise<void> {
  const t0 = performance.now();
  const sim = await startSimulator({ orders: orderCount, seed: 1 });
  const startMs = performance.now() - t0;
  const agent = new Agent({ connections: concurrency, pipelining: 1 });
  const key = Buffer.from(sim.signingKey, 'base64');

  async function page(offset: number, queue: boolean): Promise<{ orders: number; bytes: number }> {
    const fn = queue
      ? {
          Function: 'Module',
          Module_Code: 'orderworkflow',
          Module_Function: 'QueueOrderList_Load_Query',
          Queue_Code: 'new_and_updated',
        }
      : { Function: 'OrderList_Load_Query' };
    const body = JSON.stringify({
      Store_Code: sim.storeCode,
      Miva_Request_Timestamp: Math.floor(Date.now() / 1000),
      ...fn,
      Count: PAGE,
      Offset: offset,
      Passphrase: sim.passphrase,
      Filter: [{ name: 'ondemandcolumns', value: COLUMNS }],
    });
    const sig = createHmac('sha256', key).update(body).digest('base64');
    const res = await request(sim.endpointUrl, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        'x-miva-api-authorization': `MIVA-HMAC-SHA256 ${sim.accessToken}:${sig}`,
      },
      body,
    });
    const text = await res.body.text();
    const json = JSON.parse(text) as { success: number; data: { data: unknown[] } };
    if (res.statusCode !== 200 || json.success !== 1) {
      throw new Error(`unexpected answer ${res.statusCode}: ${text.slice(0, 200)}`);
    }
    return { orders: json.data.data.length, bytes: text.length };
  }

  async function pass(label: string, queue: boolean): Promise<number> {
    const offsets: number[] = [];
    for (let o = 0; o < orderCount; o += PAGE) {
      offsets.push(o);
    }
    let next = 0;
    let orders = 0;
    let bytes = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < offsets.length) {
          const r = await page(must(offsets[next++], 'an offset'), queue);
          orders += r.orders;
          bytes += r.bytes;
        }
      }),
    );
    const ms = performance.now() - started;
    const rate = (orders / ms) * 1000;
    console.log(
      `${label.padEnd(34)} ${String(orders).padStart(6)} orders in ${ms.toFixed(0).padStart(6)} ms  ` +
        `${Math.round(rate).toLocaleString('en-US').padStart(8)} orders/s  ${(offsets.length / (ms / 1000)).toFixed(0).padStart(5)} req/s  ${(bytes / orders / 1024).toFixed(1)} KiB/order`,
    );
    return rate;
  }

  console.log(
    `simulator bench: ${orderCount} orders (started in ${startMs.toFixed(0)} ms), pages of ${PAGE}, ${concurrency} connections, all columns`,
  );
  const first = await pass('OrderList_Load_Query (cold cache)', false);
  let best = first;
  for (let i = 0; i < passes; i++) {
    best = Math.max(best, await pass(`OrderList_Load_Query (warm) #${i + 1}`, false));
  }
  const queue = await pass('QueueOrderList_Load_Query (warm)', true);
  await agent.close();
  await sim.close();
  const worst = Math.min(first, queue);
  console.log(
    `goal ≥ ${GOAL_ORDERS_PER_SECOND.toLocaleString('en-US')} orders/s: cold ${Math.round(first)}, best warm ${Math.round(best)}, queue ${Math.round(queue)} → ${worst >= GOAL_ORDERS_PER_SECOND ? 'MET' : 'NOT MET'}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
