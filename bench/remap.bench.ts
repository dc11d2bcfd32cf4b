// Remap and mapping discovery over N stored orders, through the real app and its HTTP API: N
// generated raw orders are stored as a download stores them (the scrubbed JSON), then
//   1. a first remap maps them all (every order created),
//   2. the two discovery lists are read,
//   3. a custom-field mapping is added and a remap revises the orders that carry the field,
//   4. a remap with nothing changed revises nothing.
// Each remap is timed, and the process's heap is sampled while it runs (it must stay flat: one
// page of 250 orders in memory at a time; run node with --expose-gc to sample the live heap).
// Against a fresh database on the PostgreSQL server at DATABASE_URL (default the local one), or
// embedded PGlite with `embedded`.
//   npm run bench:remap -- [orders=100000] [server|embedded]
//   node --expose-gc -r ts-node/register/transpile-only bench/remap.bench.ts 100000 server
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createBridgeApp } from '../src/bridge-app';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { scrubRawOrder } from '../src/mappers/raw-order-scrub';
import { CredentialVault } from '../src/modules/stores/credential-vault';
import { DEFAULT_IMPORT_STATUSES } from '../src/modules/stores/store.dto';
import { generateOrders } from '../src/simulator/order-generator';

const ORDERS = Number(process.argv[2] ?? 100_000);
const MODE = process.argv[3] ?? 'server';
const BATCH = 1000;
const ADMIN = `bench-admin-${randomBytes(8).toString('hex')}`;
const auth = { Authorization: `Bearer ${ADMIN}` };

async function database(): Promise<{ url: string; dispose(): Promise<void> }> {
  if (MODE === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-remap-'));
    const embedded = await EmbeddedPostgres.start(dir);
    return {
      url: embedded.url,
      dispose: async () => {
        await embedded.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_remap_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function main(): Promise<void> {
  const db = await database();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-remap-data-'));
  const bridge = await createBridgeApp(
    loadConfig({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      ADMIN_API_KEY: ADMIN,
      LOG_LEVEL: 'warn',
      SYNC_SCHEDULER: 'off',
    }),
  );
  const server = bridge.app.getHttpServer();
  const dataSource = bridge.app.get(DataSource);
  try {
    const vault = new CredentialVault(bridge.app.get(AppConfig).secretKey);
    const [store] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO stores (name, endpoint_url, store_code, credentials_enc, access_token_last4,
                           download, webhook_token_hash)
       VALUES ('bench', 'http://127.0.0.1:9/mm5/json.mvc', 'S', $1, 'abcd', $2, $3) RETURNING id`,
      [
        vault.seal({ accessToken: 'x', signingKey: 'eA==', paymentPassphrase: null }),
        JSON.stringify({
          strategy: 'queue_ack',
          queueCode: 'new_and_updated',
          pollIntervalSeconds: 900,
          overlap: 300,
          importStatuses: [...DEFAULT_IMPORT_STATUSES],
          startFrom: null,
          reconcileDays: 0,
        }),
        '0'.repeat(64),
      ],
    );
    const storeId = store?.id ?? '';
    let withGift = 0;
    for (let done = 0; done < ORDERS; done += BATCH) {
      const orders = generateOrders({
        count: Math.min(BATCH, ORDERS - done),
        seed: 77,
        firstOrderId: 1_000_000 + done,
      });
      withGift += orders.filter((o) => o.CustomField_Values?.customfields?.gift_msg).length;
      const rows = orders.map((o) => ({
        id: o.id,
        raw: scrubRawOrder(Buffer.from(JSON.stringify(o))).toString('utf8'),
      }));
      await dataSource.query(
        `INSERT INTO miva_orders (store_id, miva_order_id, raw, downloaded_at)
         SELECT $1, x.id, x.raw::json, now() FROM json_to_recordset($2::json) AS x(id int, raw text)`,
        [storeId, JSON.stringify(rows)],
      );
    }

    const remap = async (label: string): Promise<void> => {
      // With --expose-gc the heap is measured after a collection (what the remap keeps alive);
      // without it, heapUsed includes garbage not collected yet.
      const live = (): number => {
        global.gc?.();
        return process.memoryUsage().heapUsed;
      };
      const base = live();
      let peak = base;
      const sampler = setInterval(() => {
        peak = Math.max(peak, live());
      }, 1000);
      const started = Date.now();
      const res = await request(server).post(`/api/v1/stores/${storeId}/remap`).set(auth);
      const runId = (res.body as { runId: string }).runId;
      for (;;) {
        const runs = await request(server)
          .get(`/api/v1/stores/${storeId}/sync-runs?limit=5`)
          .set(auth);
        const run = (runs.body as Record<string, unknown>[]).find((r) => r.id === runId);
        if (run !== undefined && run.status !== 'running') {
          clearInterval(sampler);
          const seconds = (Date.now() - started) / 1000;
          console.log(
            `${label}: ${String(run.status)} in ${seconds.toFixed(1)} s ` +
              `(${Math.round(ORDERS / seconds).toLocaleString('en-US')} orders/s), ` +
              `seen ${String(run.ordersSeen)}, created ${String(run.ordersCreated)}, ` +
              `updated ${String(run.ordersUpdated)}, failed ${String(run.ordersFailed)}; ` +
              `heap ${mb(base)} before, peak ${mb(peak)}${global.gc ? ' (after GC)' : ''}`,
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const timed = async (path: string): Promise<void> => {
      const started = Date.now();
      const res = await request(server).get(`/api/v1/stores/${storeId}/mappings/${path}`).set(auth);
      console.log(
        `GET ${path}: ${res.status} in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
          `${(res.body as unknown[]).length} entries`,
      );
    };

    console.log(`remap bench, ${MODE}: ${ORDERS.toLocaleString('en-US')} stored orders`);
    await remap('first remap (maps every order)');
    await timed('custom-fields/discovered');
    await timed('payments/discovered');
    await request(server)
      .put(`/api/v1/stores/${storeId}/mappings/custom-fields`)
      .set(auth)
      .send([{ mivaField: 'customfields:gift_msg', omsField: 'giftMessage' }]);
    await remap(
      `remap after a mapping change (${withGift.toLocaleString('en-US')} orders carry it)`,
    );
    await remap('remap with nothing changed');
  } finally {
    await bridge.close();
    await db.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
