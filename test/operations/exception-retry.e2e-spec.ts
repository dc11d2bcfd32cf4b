// Retrying parked relay work from the exception queue, and who may see and retry what
// (docs/REST.md, "Exceptions"), against the real app and the Miva simulator over HTTP.
import request from 'supertest';
import { first, must } from '../../src/common/must';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { bearer } from '../support/test-app';
import {
  ADMIN_KEY,
  eventually,
  HoldingProxy,
  insertSimulatorStore,
  RelayEnv,
  seedOrder,
  sim,
  startProxiedStore,
  startRelayEnv,
} from '../shipments/relay-fixtures';

const admin = bearer(ADMIN_KEY);

interface ExceptionBody {
  id: string;
  storeId: string;
  kind: string;
  code: string;
  message: string;
  subject: { type: string; id: string | null };
  status: 'open' | 'resolved' | 'dismissed';
  occurrences: number;
}

interface WorkBody {
  id: string;
  eventId?: string;
  status: 'pending' | 'sent' | 'failed';
  lastError: string | null;
}

let counter = 0;
const uniqueId = (prefix: string): string => `${prefix}-${Date.now()}-${++counter}`;

describe('operations: retrying parked work', () => {
  let env: RelayEnv;

  beforeAll(async () => {
    env = await startRelayEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  async function exceptions(
    query: Record<string, string>,
    auth = admin,
    expected = 200,
  ): Promise<ExceptionBody[]> {
    const res = await request(env.t.server)
      .get('/api/v1/exceptions')
      .query({ limit: '500', ...query })
      .set(auth)
      .expect(expected);
    return (res.body as { data?: ExceptionBody[] }).data ?? [];
  }

  const openException = (query: Record<string, string>, what: string): Promise<ExceptionBody> =>
    eventually(async () => (await exceptions(query))[0], 20_000, what);

  const retry = (id: string, body: Record<string, unknown> = {}, auth = admin) =>
    request(env.t.server).post(`/api/v1/exceptions/${id}/retry`).set(auth).send(body);

  async function key(scopes: string[], storeIds?: string[]): Promise<Record<string, string>> {
    const res = await request(env.t.server)
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: uniqueId('k'), scopes, storeIds })
      .expect(201);
    return bearer(res.body.key as string);
  }

  it('opens MIVA_REFUSED for a parked shipment; a retry once Miva accepts it sends it once and resolves it', async () => {
    const storeId = await insertSimulatorStore(env.t.bridge, env.sim);
    const { orderId, mivaOrderId, order } = await seedOrder(env, storeId, 41, [1]);
    const lineId = must(first(order.items ?? [], 'a line').line_id, 'its line id');
    const setItemStatus = (status: number) =>
      sim<MivaOrder>(env.sim, 'PATCH', `/orders/${mivaOrderId}`, {
        items: [{ line_id: lineId, status }],
      });
    // Someone cancels the item in Miva after our download: Miva refuses the shipment.
    await setItemStatus(300);
    const posted = await request(env.t.server)
      .post(`/api/v1/orders/${orderId}/shipments`)
      .set(admin)
      .send({ shipmentRef: uniqueId('SHIP') })
      .expect(202);
    const shipmentId = posted.body.id as string;

    const opened = await openException({ storeId, kind: 'shipment' }, 'the shipment exception');
    expect(opened).toMatchObject({
      code: 'MIVA_REFUSED',
      status: 'open',
      occurrences: 1,
      subject: { type: 'shipment', id: shipmentId },
    });
    expect(opened.message).toMatch(/can no longer be shipped/);

    // Back to pending in Miva; the retry sends it, once, and the exception resolves itself.
    await setItemStatus(0);
    await retry(opened.id).expect(202);
    const sent = await eventually(
      async () => {
        const res = await request(env.t.server)
          .get(`/api/v1/orders/${orderId}/shipments`)
          .set(admin)
          .expect(200);
        const s = (res.body as WorkBody[]).find((x) => x.id === shipmentId);
        return s?.status === 'sent' ? s : undefined;
      },
      20_000,
      'the shipment sent',
    );
    expect(sent.status).toBe('sent');
    const simOrder = await sim<MivaOrder>(env.sim, 'GET', `/orders/${mivaOrderId}`);
    expect(simOrder.shipments ?? []).toHaveLength(1);
    const resolved = await openException(
      { storeId, kind: 'shipment', status: 'resolved' },
      'the exception resolved',
    );
    expect(resolved.id).toBe(opened.id);
    expect(await exceptions({ storeId })).toEqual([]);
  });

  describe('an inventory change whose outcome is unknown', () => {
    let proxy: HoldingProxy;
    let storeId: string;

    beforeAll(async () => {
      ({ proxy, storeId } = await startProxiedStore(env));
    });

    afterAll(async () => {
      await proxy.close();
    });

    it('is retried only with force, and then sent again', async () => {
      const sku = 'PRT034';
      const stock = (): number =>
        first(env.sim.state.findProduct({ sku }), sku).product_inventory ?? 0;
      const before = stock();
      // This store's marker field was refused by Miva: a lost answer cannot be settled.
      await env.dataSource.query(
        `INSERT INTO inventory_relay_state (store_id, marker_supported, marker_checked_at)
         VALUES ($1, false, now()) ON CONFLICT (store_id) DO UPDATE
         SET marker_supported = false, marker_checked_at = now()`,
        [storeId],
      );
      proxy.holdNext('ProductList_Adjust_Inventory', true);
      const eventId = uniqueId('unknown');
      await request(env.t.server)
        .post('/api/v1/inventory/adjustments')
        .set(admin)
        .send({ storeId, adjustments: [{ eventId, identifier: sku, delta: 3 }] })
        .expect(202);
      const opened = await openException({ storeId, kind: 'inventory' }, 'the exception');
      expect(opened).toMatchObject({ code: 'OUTCOME_UNKNOWN', status: 'open' });
      expect(stock()).toBe(before + 3);

      const refused = await retry(opened.id).expect(409);
      expect(refused.body.error.code).toBe('CONFLICT');
      expect(refused.body.error.message).toMatch(/force/);
      const bulk = await request(env.t.server)
        .post('/api/v1/exceptions/retries')
        .set(admin)
        .send({ ids: [opened.id] })
        .expect(202);
      expect(bulk.body).toEqual({ retried: 0, skipped: [opened.id] });

      // The support person checked Miva and confirms: it is sent again, exactly once more.
      await retry(opened.id, { force: true }).expect(202);
      await eventually(
        async () => {
          const res = await request(env.t.server)
            .get('/api/v1/inventory/adjustments')
            .query({ storeId })
            .set(admin)
            .expect(200);
          return (res.body as WorkBody[]).find((e) => e.eventId === eventId && e.status === 'sent');
        },
        20_000,
        'the event sent',
      );
      expect(stock()).toBe(before + 6);
      expect(await exceptions({ storeId })).toEqual([]);
    });
  });

  it('shows and retries only the stores of the key, and retries with config:write only', async () => {
    const mine = await insertSimulatorStore(env.t.bridge, env.sim);
    const theirs = await insertSimulatorStore(env.t.bridge, env.sim);
    for (const storeId of [mine, theirs]) {
      await request(env.t.server)
        .post('/api/v1/inventory/adjustments')
        .set(admin)
        .send({
          storeId,
          adjustments: [{ eventId: uniqueId('e'), identifier: 'NO-SUCH', delta: 1 }],
        })
        .expect(202);
    }
    const [ours, other] = await Promise.all(
      [mine, theirs].map((storeId) => openException({ storeId }, `the exception of ${storeId}`)),
    );
    const oursId = must(ours, 'ours').id;
    const otherId = must(other, 'theirs').id;

    const support = await key(['config:write'], [mine]);
    const listed = await exceptions({}, support);
    expect(listed.map((e) => e.storeId)).toEqual([mine]);
    await exceptions({ storeId: theirs }, support, 404);
    await retry(otherId, {}, support).expect(404);
    await request(env.t.server)
      .post(`/api/v1/exceptions/${otherId}/dismiss`)
      .set(support)
      .expect(404);
    const bulk = await request(env.t.server)
      .post('/api/v1/exceptions/retries')
      .set(support)
      .send({ ids: [oursId, otherId] })
      .expect(202);
    expect(bulk.body).toEqual({ retried: 1, skipped: [otherId] });

    const reader = await key(['orders:read'], [mine]);
    expect((await exceptions({ storeId: mine }, reader)).map((e) => e.id)).toEqual([oursId]);
    const forbidden = await retry(oursId, {}, reader).expect(403);
    expect(forbidden.body.error.message).toMatch(/config:write/);
  });
});
