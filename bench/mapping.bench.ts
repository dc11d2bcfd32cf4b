// Pure mapping throughput: Miva order → OMS order (+ content hash), no I/O. Orders are generated
// first (not timed); then mapping alone, and mapping + hashing per order as the ingest path does.
// Run: npx ts-node -P tsconfig.json bench/mapping.bench.ts [count=20000] [seed=1] [rounds=5]
import type { MapperSettings } from '../src/mappers/mapper-settings';
import { mappedOrderHash } from '../src/mappers/order-hash';
import { mapOrder } from '../src/mappers/order.mapper';
import { generateOrders } from '../src/simulator/order-generator';

const GOAL_ORDERS_PER_SECOND = 20_000;

const count = Number(process.argv[2] ?? 20_000);
const seed = Number(process.argv[3] ?? 1);
const rounds = Number(process.argv[4] ?? 5);

const settings: MapperSettings = {
  productIdentifier: 'sku',
  kitMode: 'parts',
  customFieldMappings: [
    {
      mivaField: 'customfields:SignifydGuaranteeDisposition',
      omsField: 'signifydGuaranteeDisposition',
    },
    { mivaField: 'gift_msg', omsField: 'giftMessage' },
  ],
  paymentMappings: [{ mivaModule: 'acmepay', gateway: 'generic' }],
};

function perSecond(n: number, ms: number): number {
  return Math.round((n / ms) * 1000);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function main(): void {
  const t0 = performance.now();
  const orders = generateOrders({ count, seed });
  const genMs = performance.now() - t0;
  const items = orders.reduce((s, o) => s + (o.items?.length ?? 0), 0);

  // Warm the JIT up, then keep the best of several rounds (the machine is shared).
  for (const o of orders.slice(0, 2_000)) {
    mappedOrderHash(mapOrder(o, settings));
  }

  let bestMap = Infinity;
  let bestBoth = Infinity;
  let withExceptions = 0;
  for (let round = 0; round < rounds; round++) {
    const a = performance.now();
    for (const o of orders) {
      mapOrder(o, settings);
    }
    const b = performance.now();
    let hashed = 0;
    withExceptions = 0;
    for (const o of orders) {
      const m = mapOrder(o, settings);
      hashed += mappedOrderHash(m).length === 64 ? 1 : 0;
      withExceptions += m.exceptions.length > 0 ? 1 : 0;
    }
    const c = performance.now();
    if (hashed !== count) {
      throw new Error('unexpected hash');
    }
    bestMap = Math.min(bestMap, b - a);
    bestBoth = Math.min(bestBoth, c - b);
  }

  const both = perSecond(count, bestBoth);
  console.log(
    `orders: ${fmt(count)} (seed ${seed}, ${fmt(items)} items); generated in ${genMs.toFixed(0)} ms (not timed)`,
  );
  console.log(
    `mapOrder only:   ${bestMap.toFixed(0)} ms  ${fmt(perSecond(count, bestMap))} orders/s`,
  );
  console.log(
    `mapOrder + hash: ${bestBoth.toFixed(0)} ms  ${fmt(both)} orders/s  (goal ≥ ${fmt(GOAL_ORDERS_PER_SECOND)})`,
  );
  console.log(`hash share:      ${(bestBoth - bestMap).toFixed(0)} ms`);
  console.log(
    `orders with exceptions: ${withExceptions} (generated orders are consistent: expect 0)`,
  );
  console.log(
    `goal met: ${both >= GOAL_ORDERS_PER_SECOND ? 'yes' : 'NO'} (best of ${rounds} rounds)`,
  );
}

main();
