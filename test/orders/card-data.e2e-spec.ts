import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureBuilt } from '../../scripts/ensure-built';
import { first } from '../../src/common/must';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { storeBody, SyncRun } from '../download/download-support';
import { freePort, ServiceProcess, serviceApi, startService } from '../support/service-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// A store with a payment passphrase downloads decrypted Mod10 payments: Miva sends the full card
// number. Nothing may keep it: every column of every table is read back as text and searched,
// and so is everything the service logged (at trace level). Then a snapshot written before the
// scrub existed is scrubbed by the migration on the next start.

jest.setTimeout(180_000);

const ADMIN = `card-admin-${randomBytes(12).toString('hex')}`;
const SECRET = randomBytes(32).toString('hex');
// Put by hand where no payment module would: a custom field and a payment's data.
const TYPED_PAN = '5555 5555 5555 4444';
const SECURITY_CODE_KEY = 'cvv2';

/** The forms a card number can take in text: contiguous, or grouped by spaces or dashes. */
function forms(pan: string): string[] {
  const digits = pan.replace(/\D/g, '');
  const groups = digits.match(/.{1,4}/g) ?? [];
  return [digits, groups.join(' '), groups.join('-')];
}

/** Every card number the simulator holds in its orders' payment data. */
function cardNumbersIn(orders: Iterable<MivaOrder>): string[] {
  const found = new Set<string>();
  for (const order of orders) {
    for (const p of order.payments ?? []) {
      for (const v of Object.values(p.data ?? {})) {
        if (/^\d{13,19}$/.test(v)) {
          found.add(v);
        }
      }
    }
  }
  return [...found];
}

describe('card data never at rest', () => {
  let s: RunningSimulator;
  let wrong: RunningSimulator;
  let database: TestDatabase;
  let db: Client;
  let dataDir: string;
  let port: number;
  let service: ServiceProcess | undefined;
  const logs: string[] = [];

  const api = <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
    serviceApi(port, ADMIN)<T>(method, path, body);

  const start = async (): Promise<void> => {
    service = await startService(
      { port, databaseUrl: database.url, dataDir, adminKey: ADMIN, secretKey: SECRET },
      { LOG_LEVEL: 'trace', SYNC_SCHEDULER: 'off' },
    );
  };

  const stop = async (): Promise<void> => {
    if (service !== undefined) {
      expect(await service.stop()).toBe(0);
      logs.push(service.stdout, service.stderr);
      service = undefined;
    }
  };

  /** Starts a download (`sync`) or a remap and waits for the run to finish. */
  const runAndWait = async (storeId: string, route: 'sync' | 'remap'): Promise<SyncRun> => {
    const started = await api<{ runId: string }>('POST', `/api/v1/stores/${storeId}/${route}`);
    expect(started.status).toBe(202);
    for (let i = 0; i < 600; i++) {
      const runs = await api<SyncRun[]>('GET', `/api/v1/stores/${storeId}/sync-runs`);
      const run = runs.body.find((r) => r.id === started.body.runId);
      if (run !== undefined && run.status !== 'running') {
        return run;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the ${route} did not finish`);
  };
  const syncAndWait = (storeId: string): Promise<SyncRun> => runAndWait(storeId, 'sync');

  /** Every row of every table of the bridge, as text, with the table it came from. */
  const everyRow = async (): Promise<{ table: string; text: string }[]> => {
    const tables = await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.rows.map((t) => t.name)).toEqual(expect.arrayContaining(['miva_orders']));
    const rows: { table: string; text: string }[] = [];
    for (const { name } of tables.rows) {
      const result = await db.query<{ text: string }>(`SELECT t::text AS text FROM "${name}" t`);
      rows.push(...result.rows.map((r) => ({ table: name, text: r.text })));
    }
    return rows;
  };

  beforeAll(async () => {
    ensureBuilt();
    s = await startSimulator({ orders: 150, seed: 23 });
    wrong = await startSimulator({ orders: 40, seed: 24 });
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    dataDir = mkdtempSync(join(tmpdir(), 'bridge-card-'));
    port = await freePort();

    // A card number typed into a custom field, and a security code in a payment's data.
    const record = first([...s.state.orders.values()]);
    record.order.CustomField_Values = {
      ...record.order.CustomField_Values,
      customfields: {
        ...record.order.CustomField_Values?.customfields,
        note: `paid by ${TYPED_PAN}`,
      },
    };
    const payment = record.order.payments?.[0];
    if (payment !== undefined) {
      payment.data = { ...payment.data, [SECURITY_CODE_KEY]: '4821' };
    }
    record.cache.clear();
  });

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await db?.end();
    await database?.dispose();
    await s?.close();
    await wrong?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps no card number or security code in any table or log line', async () => {
    const pans = [...cardNumbersIn([...s.state.orders.values()].map((r) => r.order)), TYPED_PAN];
    // Decrypted Mod10 payments are in the set, else this test would prove nothing.
    expect(pans.length).toBeGreaterThan(3);

    await start();
    await db.connect();
    const created = await api<{ id: string }>('POST', '/api/v1/stores', storeBody(s));
    expect(created.status).toBe(201);
    const run = await syncAndWait(created.body.id);
    expect(run).toMatchObject({ status: 'succeeded', ordersCreated: s.state.orders.size });

    // The mapped orders still carry the last four digits.
    const mod10 = [...s.state.orders.values()].find((r) =>
      (r.order.payments ?? []).some((p) => /^\d{13,19}$/.test(p.data?.number ?? '')),
    );
    const mod10Pan = mod10?.order.payments?.find((p) => p.data?.number)?.data?.number ?? '';
    const order = await api<{ payments: { card: { last4: string } | null }[] }>(
      'GET',
      `/api/v1/stores/${created.body.id}/orders/${mod10?.order.id}`,
    );
    expect(order.body.payments.map((p) => p.card?.last4)).toContain(mod10Pan.slice(-4));
    const typed = await db.query<{ raw: string }>(
      `SELECT raw::text AS raw FROM miva_orders WHERE raw::text LIKE '%paid by%'`,
    );
    expect(typed.rows).toHaveLength(1);
    expect(typed.rows[0]?.raw).toContain('paid by **** **** **** 4444');

    // Remapping from the scrubbed snapshots gives the same orders: no new revision.
    const remap = await runAndWait(created.body.id, 'remap');
    expect(remap).toMatchObject({
      trigger: 'remap',
      status: 'succeeded',
      ordersSeen: s.state.orders.size,
      ordersUpdated: 0,
    });

    await stop();
    const leaks: string[] = [];
    for (const row of await everyRow()) {
      for (const pan of pans) {
        if (forms(pan).some((f) => row.text.includes(f))) {
          leaks.push(`${row.table}: ${pan}`);
        }
      }
      if (row.text.toLowerCase().includes(SECURITY_CODE_KEY)) {
        leaks.push(`${row.table}: ${SECURITY_CODE_KEY}`);
      }
    }
    const log = logs.join('\n');
    expect(log.length).toBeGreaterThan(1000);
    for (const pan of pans) {
      if (forms(pan).some((f) => log.includes(f))) {
        leaks.push(`log: ${pan}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('scrubs snapshots stored before the scrub existed, on the next start', async () => {
    const pan = '4111111111111111';
    const { store_id: storeId } = first(
      (await db.query<{ store_id: string }>('SELECT store_id FROM miva_orders LIMIT 1')).rows,
    );
    await db.query(
      `INSERT INTO miva_orders (store_id, miva_order_id, raw, dt_updated, mapping_error, downloaded_at)
       VALUES ($1, 999999, $2::json, NULL, $3, now())`,
      [
        storeId,
        `{"id":999999,"payments":[{"data":{"number":"${pan}","cvv":"123","name":"Zoë"}}]}`,
        `payments[0]: bad value ${pan}`,
      ],
    );
    await db.query(`DELETE FROM migrations WHERE name = 'ScrubStoredCardData1796403737403'`);
    await start();
    await stop();
    const row = await db.query<{ raw: string; mapping_error: string }>(
      `SELECT raw::text AS raw, mapping_error FROM miva_orders WHERE miva_order_id = 999999`,
    );
    expect(row.rows[0]).toEqual({
      raw: '{"id":999999,"payments":[{"data":{"number":"************1111","name":"Zoë"}}]}',
      mapping_error: 'payments[0]: bad value ************1111',
    });
  });

  it('flags a payment Miva could not decrypt, and the order still flows', async () => {
    await start();
    const created = await api<{ id: string }>(
      'POST',
      '/api/v1/stores',
      storeBody(wrong, {}, { paymentPassphrase: 'not-the-passphrase' }),
    );
    expect(created.status).toBe(201);
    const run = await syncAndWait(created.body.id);
    expect(run).toMatchObject({ status: 'succeeded', ordersCreated: wrong.state.orders.size });

    const encrypted = [...wrong.state.orders.values()].filter((r) =>
      (r.order.payments ?? []).some((p) => p.pay_secid !== 0),
    );
    expect(encrypted.length).toBeGreaterThan(0);
    for (const rec of encrypted) {
      const order = await api<{ exceptions: { code: string; message: string }[] }>(
        'GET',
        `/api/v1/stores/${created.body.id}/orders/${rec.order.id}`,
      );
      expect(order.status).toBe(200);
      expect(order.body.exceptions).toContainEqual({
        code: 'PAYMENT_NOT_DECRYPTED',
        message: expect.stringContaining('Invalid passphrase') as string,
      });
    }
    await stop();
  });
});
