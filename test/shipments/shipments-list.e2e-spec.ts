// GET /api/v1/shipments (docs/REST.md §6): shipments across orders, newest first, paged with a
// keyset cursor, filtered by store and status, and scoped to the key's stores.
import request from 'supertest';
import { bearer } from '../support/test-app';
import {
  ADMIN_KEY,
  eventually,
  insertSimulatorStore,
  RelayEnv,
  seedOrder,
  startRelayEnv,
} from './relay-fixtures';

const admin = bearer(ADMIN_KEY);

interface ShipmentBody {
  id: string;
  storeId: string;
  orderId: string;
  shipmentRef: string;
  status: string;
  nextAttemptAt: string | null;
  createdAt: string;
}

interface Page {
  data: ShipmentBody[];
  nextCursor: string | null;
}

describe('GET /api/v1/shipments', () => {
  let env: RelayEnv;
  let storeA: string;
  let storeB: string;
  /** Every shipment made, oldest first. */
  const made: ShipmentBody[] = [];

  const list = async (
    query: Record<string, string | number>,
    key = admin,
    status = 200,
  ): Promise<request.Response> =>
    request(env.t.server).get('/api/v1/shipments').query(query).set(key).expect(status);

  /** Every page with `limit`, following nextCursor. */
  async function allPages(query: Record<string, string | number>, key = admin): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(cursor === null ? query : { ...query, cursor }, key);
      const page = res.body as Page;
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 20);
    return pages;
  }

  async function ship(storeId: string, seed: number, ref: string): Promise<void> {
    const { orderId } = await seedOrder(env, storeId, seed);
    const res = await request(env.t.server)
      .post(`/api/v1/orders/${orderId}/shipments`)
      .set(admin)
      .send({ shipmentRef: ref })
      .expect(202);
    made.push(res.body as ShipmentBody);
  }

  beforeAll(async () => {
    env = await startRelayEnv();
    storeA = await insertSimulatorStore(env.t.bridge, env.sim);
    storeB = await insertSimulatorStore(env.t.bridge, env.sim);
    // Store B is disabled: its shipments wait as pending, so both statuses are there to filter.
    await env.dataSource.query(
      `UPDATE stores SET enabled = false, status = 'disabled' WHERE id = $1`,
      [storeB],
    );
    for (const [i, storeId] of [storeA, storeB, storeA, storeB, storeA].entries()) {
      await ship(storeId, 300 + i, `LIST-${i}`);
    }
    await eventually(
      async () => {
        const page = (await list({ storeId: storeA, status: 'sent' })).body as Page;
        return page.data.length === 3 || undefined;
      },
      20_000,
      "store A's shipments to be sent",
    );
  });

  afterAll(async () => {
    await env.close();
  });

  it('pages every shipment newest first, without repeats or gaps', async () => {
    const pages = await allPages({ limit: 2 });
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    const listed = pages.flatMap((p) => p.data);
    expect(listed.map((s) => s.id)).toEqual([...made].reverse().map((s) => s.id));
    for (const s of listed) {
      expect(s.storeId).toBe(made.find((m) => m.id === s.id)?.storeId);
    }
  });

  it('filters by store and status, and shows when pending work is tried next', async () => {
    const pendingB = (await list({ storeId: storeB, status: 'pending' })).body as Page;
    expect(pendingB.data.map((s) => s.shipmentRef)).toEqual(['LIST-3', 'LIST-1']);
    expect(pendingB.data.every((s) => s.nextAttemptAt !== null)).toBe(true);
    const sentA = (await list({ storeId: storeA, status: 'sent' })).body as Page;
    expect(sentA.data.map((s) => s.shipmentRef)).toEqual(['LIST-4', 'LIST-2', 'LIST-0']);
    expect(sentA.data.every((s) => s.nextAttemptAt === null)).toBe(true);
    expect(((await list({ status: 'failed' })).body as Page).data).toEqual([]);

    const pages = await allPages({ storeId: storeA, limit: 1 });
    expect(pages.flatMap((p) => p.data.map((s) => s.shipmentRef))).toEqual([
      'LIST-4',
      'LIST-2',
      'LIST-0',
    ]);
  });

  it('refuses a cursor used with other filters, and bad queries', async () => {
    const first = (await list({ limit: 1 })).body as Page;
    const cursor = first.nextCursor ?? '';
    const other = await list({ limit: 1, status: 'sent', cursor }, admin, 400);
    expect(other.body.error.details).toEqual([
      { field: 'cursor', message: expect.stringMatching(/different filters/) },
    ]);
    await list({ cursor: 'garbage!' }, admin, 400);
    await list({ limit: 0 }, admin, 400);
    await list({ limit: 501 }, admin, 400);
    await list({ status: 'lost' }, admin, 400);
    await list({ storeId: 'nope' }, admin, 400);
  });

  it("shows a store-scoped key only its stores' shipments; other stores are 404", async () => {
    const key = async (scopes: string[], storeIds?: string[]): Promise<Record<string, string>> => {
      const res = await request(env.t.server)
        .post('/api/v1/api-keys')
        .set(admin)
        .send({ name: 'list', scopes, ...(storeIds ? { storeIds } : {}) })
        .expect(201);
      return bearer(res.body.key as string);
    };
    const readerOfB = await key(['orders:read'], [storeB]);
    const seen = (await list({}, readerOfB)).body as Page;
    expect(seen.data.map((s) => s.shipmentRef)).toEqual(['LIST-3', 'LIST-1']);
    const notFound = await list({ storeId: storeA }, readerOfB, 404);
    expect(notFound.body.error.code).toBe('NOT_FOUND');

    const shipperOfA = await key(['shipments:write'], [storeA]);
    expect(((await list({}, shipperOfA)).body as Page).data).toHaveLength(3);

    await list({}, await key(['inventory:write']), 403);
    await request(env.t.server).get('/api/v1/shipments').expect(401);
  });
});
