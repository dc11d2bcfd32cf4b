import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { first } from '../../src/common/must';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { ADMIN_KEY, bearer, TestApp } from '../support/test-app';
import { startDownloadApp } from '../download/download-app';
import {
  closeAll,
  createStore,
  getStore,
  queueIds,
  resetMiva,
  sim,
  sorted,
  storeBody,
  StoredOrders,
  syncNow,
} from '../download/download-support';

interface LogEntry {
  seq: number;
  functions: string[];
}

describe('stores: connections checked with Miva, secrets never shown', () => {
  let t: TestApp;
  let s: RunningSimulator;
  let db: StoredOrders;

  const post = (body: Record<string, unknown>, key = ADMIN_KEY) =>
    request(t.server).post('/api/v1/stores').set(bearer(key)).send(body);
  const patch = (id: string, body: Record<string, unknown>) =>
    request(t.server).patch(`/api/v1/stores/${id}`).set(bearer(ADMIN_KEY)).send(body);
  const callLog = async (): Promise<LogEntry[]> =>
    (await sim<{ data: LogEntry[] }>(s, 'GET', '/log')).data;
  const createKey = async (scopes: string[], storeIds?: string[]): Promise<string> => {
    const res = await request(t.server)
      .post('/api/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ name: 'k', scopes, ...(storeIds ? { storeIds } : {}) })
      .expect(201);
    return res.body.key as string;
  };

  beforeAll(async () => {
    s = await startSimulator({ orders: 40, seed: 5, passphrase: 'pass-phrase-123' });
    t = await startDownloadApp();
    db = await StoredOrders.open(t);
  });

  afterAll(() => closeAll(db, t, s));

  beforeEach(async () => {
    await resetMiva(s);
    await sim(s, 'PUT', '/workflow', { mode: 'ack' });
  });

  it('creates a store after a check that reads no order, and never returns a secret', async () => {
    // In a store whose workflow moves orders out of the queue as they are read, any real read
    // would lose them: the check must match no order.
    await sim(s, 'PUT', '/workflow', { mode: 'retrieve_moves' });
    const before = await queueIds(s);
    await sim(s, 'DELETE', '/log');
    const res = await post(storeBody(s)).expect(201);
    expect(await queueIds(s)).toEqual(before);
    const functions = (await callLog()).flatMap((e) => e.functions);
    // The queue function, the queue and the acknowledge permission, all matching no order.
    expect(functions).toEqual([
      'Module:orderworkflow:QueueOrderList_Load_Query',
      'Module:orderworkflow:OrderList_Acknowledge',
    ]);

    const body = res.body as Record<string, unknown>;
    expect(body).toMatchObject({
      name: 'Simulator',
      endpointUrl: s.endpointUrl,
      storeCode: s.storeCode,
      accessTokenLast4: s.accessToken.slice(-4),
      signatureDigest: 'sha256',
      status: 'active',
      statusMessage: null,
      enabled: true,
      productIdentifier: 'sku',
      kitMode: 'parts',
      download: {
        strategy: 'queue_ack',
        queueCode: 'new_and_updated',
        pollIntervalSeconds: 900,
        overlap: 0,
        startFrom: null,
      },
    });
    const id = body.id as string;
    expect(body.webhookUrl).toMatch(
      new RegExp(`^/api/v1/webhooks/miva/${id}\\?token=[A-Za-z0-9_-]{40,}$`),
    );
    const secrets = [s.accessToken, s.signingKey, 'pass-phrase-123'];
    const reads = [
      JSON.stringify(body),
      JSON.stringify(
        (await request(t.server).get(`/api/v1/stores/${id}`).set(bearer(ADMIN_KEY))).body,
      ),
      JSON.stringify((await request(t.server).get('/api/v1/stores').set(bearer(ADMIN_KEY))).body),
    ];
    for (const text of reads) {
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
      }
    }
    // Later reads show the webhook path without its token.
    expect((await getStore(t, id)).webhookUrl).toBe(`/api/v1/webhooks/miva/${id}`);

    // At rest the credentials are ciphertext.
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    try {
      const row = await client.query<{ enc: Buffer }>(
        'SELECT credentials_enc AS enc FROM stores WHERE id = $1',
        [id],
      );
      const raw = first(row.rows).enc.toString('latin1');
      for (const secret of secrets) {
        expect(raw).not.toContain(secret);
      }
    } finally {
      await client.end();
    }
  });

  it.each([
    ['a wrong token', { accessToken: 'nope-not-the-token' }, /Access denied/],
    ['a wrong signing key', { signingKey: randomBytes(32).toString('base64') }, /signature/i],
    ['a wrong store code', { storeCode: 'OTHER' }, /Store not found/],
    ['an unknown queue', { download: { queueCode: 'no_such_queue' } }, /Queue not found/],
  ])('answers 422 MIVA_REJECTED with Miva’s message for %s', async (_what, change, message) => {
    const body: Record<string, unknown> = { ...storeBody(s), ...change };
    if ('download' in change) {
      body.download = { strategy: 'queue_ack', ...change.download };
    }
    const res = await post(body).expect(422);
    expect(res.body.error.code).toBe('MIVA_REJECTED');
    expect(res.body.error.message).toMatch(message);
    expect(JSON.stringify(res.body)).not.toContain(s.accessToken);
  });

  it('checks a store created disabled too', async () => {
    const res = await post({ ...storeBody(s), accessToken: 'wrong-token', enabled: false }).expect(
      422,
    );
    expect(res.body.error.code).toBe('MIVA_REJECTED');
    const ok = await post({ ...storeBody(s), enabled: false }).expect(201);
    expect(ok.body.status).toBe('disabled');
  });

  it('answers 502 MIVA_UNREACHABLE when nothing listens at the endpoint', async () => {
    const closed = await startSimulator({});
    const url = closed.endpointUrl;
    await closed.close();
    const res = await post({ ...storeBody(s), endpointUrl: url }).expect(502);
    expect(res.body.error.code).toBe('MIVA_UNREACHABLE');
  });

  it('validates the body: queue strategies need a queue, polling at least 10 s, no extras', async () => {
    const noQueue = await post({ ...storeBody(s), download: { strategy: 'queue' } }).expect(400);
    expect(noQueue.body.error.details).toEqual([
      expect.objectContaining({ field: 'download.queueCode' }),
    ]);
    const fast = await post({
      ...storeBody(s),
      download: { strategy: 'order_number', pollIntervalSeconds: 5 },
    }).expect(400);
    expect(fast.body.error.details).toEqual([
      expect.objectContaining({ field: 'download.pollIntervalSeconds' }),
    ]);
    const extra = await post({ ...storeBody(s), color: 'red' }).expect(400);
    expect(extra.body.error.details).toEqual([expect.objectContaining({ field: 'color' })]);
    const badStatus = await post({
      ...storeBody(s),
      download: { strategy: 'date_range', importStatuses: ['processing', 'lost'] },
    }).expect(400);
    expect(badStatus.body.error.code).toBe('VALIDATION_FAILED');

    // Without `download` every default applies, including Miva's default queue.
    const defaults = await post({ ...storeBody(s), download: undefined }).expect(201);
    expect(defaults.body.download).toMatchObject({
      strategy: 'queue_ack',
      queueCode: 'new_and_updated',
      importStatuses: [
        'pending',
        'processing',
        'shipped',
        'partially_shipped',
        'cancelled',
        'backordered',
        'rma_issued',
        'returned',
      ],
    });
    const dates = await post({ ...storeBody(s), download: { strategy: 'date_range' } }).expect(201);
    expect(dates.body.download).toMatchObject({ strategy: 'date_range', overlap: 300 });
  });

  it('takes plain http only for a loopback endpoint, on create and on patch', async () => {
    const port = new URL(s.endpointUrl).port;
    const closedPort = await unusedPort();
    for (const endpointUrl of [
      'http://example.com/mm5/json.mvc',
      'http://10.1.2.3:8080/mm5/json.mvc',
      'http://128.0.0.1/mm5/json.mvc',
    ]) {
      const res = await post({ ...storeBody(s), endpointUrl }).expect(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [
          expect.objectContaining({
            field: 'endpointUrl',
            message: expect.stringMatching(/https/),
          }),
        ],
      });
    }
    // Accepted: checked with Miva next (a 502 where nothing listens proves validation passed).
    await post({ ...storeBody(s), endpointUrl: `http://127.0.0.1:${port}/mm5/json.mvc` }).expect(
      201,
    );
    for (const endpointUrl of [
      `http://localhost:${closedPort}/mm5/json.mvc`,
      `http://[::1]:${closedPort}/mm5/json.mvc`,
      `http://127.0.0.2:${closedPort}/mm5/json.mvc`,
      `https://127.0.0.1:${closedPort}/mm5/json.mvc`,
    ]) {
      const res = await post({ ...storeBody(s), endpointUrl });
      expect([res.status, res.body.error?.code]).toEqual([502, 'MIVA_UNREACHABLE']);
    }

    const store = await createStore(t, s);
    const refused = await patch(store.id, {
      endpointUrl: 'http://example.com/mm5/json.mvc',
    }).expect(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'endpointUrl' })]);
    const tls = await patch(store.id, {
      endpointUrl: `https://127.0.0.1:${closedPort}/mm5/json.mvc`,
    });
    expect([tls.status, tls.body.error?.code]).toEqual([502, 'MIVA_UNREACHABLE']);
    await patch(store.id, { endpointUrl: `http://127.0.0.1:${port}/mm5/json.mvc` }).expect(200);
  });

  it('patches without calling Miva unless a credential, the queue or enabling changes', async () => {
    const store = await createStore(t, s);
    await sim(s, 'DELETE', '/log');
    const renamed = await patch(store.id, { name: 'Renamed', kitMode: 'sku' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', kitMode: 'sku', status: 'active' });
    expect(await callLog()).toEqual([]);

    const refused = await patch(store.id, { accessToken: 'wrong-token' }).expect(422);
    expect(refused.body.error.code).toBe('MIVA_REJECTED');
    expect((await getStore(t, store.id)).accessTokenLast4).toBe(s.accessToken.slice(-4));

    const moved = await patch(store.id, {
      download: { strategy: 'order_number', overlap: 5 },
    }).expect(200);
    expect(moved.body.download).toMatchObject({ strategy: 'order_number', overlap: 5 });
    expect((await callLog()).length).toBeGreaterThan(0);
  });

  it('pauses a store whose token Miva later refuses, until a patch passes the check', async () => {
    const store = await createStore(t, s);
    await sim(s, 'PUT', '/token', { enabled: false });
    const failed = await syncNow(t, store.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/Token is disabled/);
    const paused = await getStore(t, store.id);
    expect(paused.status).toBe('unauthorized');
    expect(paused.statusMessage).toMatch(/Token is disabled/);

    // Still refused: the patch fails and the store stays paused.
    await patch(store.id, { accessToken: s.accessToken }).expect(422);
    expect((await getStore(t, store.id)).status).toBe('unauthorized');

    await sim(s, 'PUT', '/token', { enabled: true });
    const fixed = await patch(store.id, { accessToken: s.accessToken }).expect(200);
    expect(fixed.body).toMatchObject({ status: 'active', statusMessage: null });
    expect((await syncNow(t, store.id)).status).toBe('succeeded');
  });

  it('rotates the webhook token: the old one stops working at once', async () => {
    const store = await createStore(t, s, {}, { enabled: false });
    const oldUrl = store.webhookUrl;
    await request(t.server).post(oldUrl).send({ id: 1 }).expect(202);
    const rotated = await request(t.server)
      .post(`/api/v1/stores/${store.id}/webhook-token`)
      .set(bearer(ADMIN_KEY))
      .expect(200);
    const newUrl = rotated.body.webhookUrl as string;
    expect(newUrl).not.toBe(oldUrl);
    await request(t.server).post(oldUrl).send({ id: 1 }).expect(404);
    await request(t.server).post(newUrl).send({ id: 1 }).expect(202);
  });

  it('scopes stores to keys: config:write creates, a store-limited key sees only its stores', async () => {
    const writer = await createKey(['config:write']);
    const mine = (await post(storeBody(s, {}, { enabled: false }), writer).expect(201)).body as {
      id: string;
    };
    const other = await createStore(t, s, {}, { enabled: false });
    const limited = await createKey(['config:write', 'orders:read'], [mine.id]);
    await post(storeBody(s), limited).expect(403);
    await request(t.server).get(`/api/v1/stores/${other.id}`).set(bearer(limited)).expect(404);
    const listed = await request(t.server).get('/api/v1/stores').set(bearer(limited)).expect(200);
    expect((listed.body as { id: string }[]).map((x) => x.id)).toEqual([mine.id]);
    const reader = await createKey(['orders:ack']);
    await post(storeBody(s), reader).expect(403);
  });

  it('deletes a store with its orders and history', async () => {
    const store = await createStore(t, s, { strategy: 'order_number' });
    const run = await syncNow(t, store.id);
    expect(run.status).toBe('succeeded');
    expect((await db.count(store.id)).orders).toBeGreaterThan(0);
    await request(t.server).delete(`/api/v1/stores/${store.id}`).set(bearer(ADMIN_KEY)).expect(204);
    await request(t.server).get(`/api/v1/stores/${store.id}`).set(bearer(ADMIN_KEY)).expect(404);
    expect(await db.count(store.id)).toEqual({ orders: 0, raw: 0, duplicates: 0 });
    expect(sorted((await db.revisions(store.id)).keys())).toEqual([]);
  });
});

/** A loopback port nobody listens on (bound, then released). */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
