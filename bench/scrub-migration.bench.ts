// How long the card-data scrub migration (ScrubStoredCardData) takes over stored raw orders that
// predate it: N generated orders (decrypted Mod10 payments carry full card numbers) are written
// raw as an older version stored them, then the migration runs and is timed. Against a fresh
// database on the PostgreSQL server at DATABASE_URL (default the local one), or embedded PGlite
// with `embedded`.
//   npm run bench:scrub-migration -- [orders=100000] [server|embedded]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.options';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { ScrubStoredCardData1796403737403 } from '../src/database/migrations/1796403737403-ScrubStoredCardData';
import { generateOrders } from '../src/simulator/order-generator';

const ORDERS = Number(process.argv[2] ?? 100_000);
const MODE = process.argv[3] ?? 'server';
const BATCH = 1000;
const STORE = '00000000-0000-4000-8000-000000000001';

async function database(): Promise<{ url: string; dispose(): Promise<void> }> {
  if (MODE === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-scrub-'));
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
  const name = `bench_scrub_${Date.now()}`;
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

async function main(): Promise<void> {
  const db = await database();
  const dataSource = new DataSource(dataSourceOptions(db.url, 2));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query(
      `INSERT INTO stores (id, name, endpoint_url, store_code, credentials_enc, access_token_last4,
                           download, webhook_token_hash)
       VALUES ($1, 'bench', 'http://127.0.0.1/mm5/json.mvc', 'S', '\\x00', 'abcd', '{}', $2)`,
      [STORE, '0'.repeat(64)],
    );
    let withCard = 0;
    for (let done = 0; done < ORDERS; done += BATCH) {
      const orders = generateOrders({
        count: Math.min(BATCH, ORDERS - done),
        seed: 99,
        firstOrderId: 1_000_000 + done,
      });
      const rows = orders.map((o) => {
        const raw = JSON.stringify(o);
        if ((o.payments ?? []).some((p) => /^\d{13,19}$/.test(p.data?.number ?? ''))) {
          withCard++;
        }
        return { id: o.id, raw };
      });
      await dataSource.query(
        `INSERT INTO miva_orders (store_id, miva_order_id, raw, downloaded_at)
         SELECT $1, x.id, x.raw::json, now() FROM json_to_recordset($2::json) AS x(id int, raw text)`,
        [STORE, JSON.stringify(rows)],
      );
    }
    const runner = dataSource.createQueryRunner();
    const started = process.hrtime.bigint();
    await runner.startTransaction();
    await new ScrubStoredCardData1796403737403().up(runner);
    await runner.commitTransaction();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await runner.release();
    const left: { n: string }[] = await dataSource.query(
      `SELECT count(*) AS n FROM miva_orders WHERE raw::text ~ '"number":"[0-9]{13,19}"'`,
    );
    console.log(
      `scrub migration, ${MODE}: ${ORDERS.toLocaleString('en-US')} stored orders ` +
        `(${withCard.toLocaleString('en-US')} with a full card number) in ${seconds.toFixed(1)} s ` +
        `(${Math.round(ORDERS / seconds).toLocaleString('en-US')} orders/s); ` +
        `full numbers left: ${left[0]?.n}`,
    );
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await db.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
