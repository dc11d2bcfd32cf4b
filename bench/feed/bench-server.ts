// The service under test for bench/feed.bench.ts, in its own process (so the measuring client does
// not share its event loop): the real app on the given database, seeded with N simulator orders
// through the real write path (OrderIngestService.ingest, batches of 500), then listening.
// Protocol on stdout, one JSON object per line: {"seeding": done} progress, then
// {"url", "seed": {"orders", "seconds", "perSecond"}}. Exits when stdin closes.
// Run by feed.bench.ts, built: node dist/bench/feed/bench-server.js URL N S
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBridgeApp } from '../../src/bridge-app';
import { must } from '../../src/common/must';
import { loadConfig } from '../../src/config/app-config';
import { DEFAULT_MAPPER_SETTINGS } from '../../src/mappers/mapper-settings';
import { OrderIngestService } from '../../src/modules/orders/order-ingest.service';
import { generateOrders } from '../../src/simulator/order-generator';
import { BENCH_ADMIN_KEY, benchStoreIds } from './bench-shared';

const BATCH = 500;
const IMPORT_ALL = [
  'pending',
  'processing',
  'shipped',
  'partially_shipped',
  'cancelled',
  'backordered',
  'rma_issued',
  'returned',
];

function emit(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const [databaseUrl, ordersArg, storesArg] = process.argv.slice(2);
  const orders = Number(ordersArg);
  const stores = benchStoreIds(Number(storesArg));
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-feed-'));
  const bridge = await createBridgeApp(
    loadConfig({
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      ADMIN_API_KEY: BENCH_ADMIN_KEY,
      LOG_LEVEL: 'silent',
      SYNC_SCHEDULER: 'off',
    }),
  );
  const ingest = bridge.app.get(OrderIngestService);

  // Generation and mapping happen here too; the rate is the whole write path's, as a download
  // would see it (minus the Miva calls).
  const started = process.hrtime.bigint();
  for (let done = 0; done < orders; done += BATCH) {
    const storeIndex = (done / BATCH) % stores.length;
    const batch = generateOrders({
      count: Math.min(BATCH, orders - done),
      seed: 4242,
      firstOrderId: 1_000_000 + done,
    });
    await ingest.ingest(
      {
        storeId: must(stores[storeIndex], 'a store'),
        mapper: DEFAULT_MAPPER_SETTINGS,
        importStatuses: IMPORT_ALL,
      },
      batch,
    );
    if ((done / BATCH) % 20 === 19) {
      emit({ seeding: done + batch.length });
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  await bridge.app.listen(0, '127.0.0.1');
  emit({
    url: await bridge.app.getUrl(),
    seed: { orders, seconds, perSecond: orders / seconds },
  });
  const stop = (): void => {
    void bridge
      .close()
      .finally(() => rmSync(dataDir, { recursive: true, force: true }))
      .finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
