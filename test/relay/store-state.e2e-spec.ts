// The relay respects the store's state: the work of a disabled or unauthorized store waits as
// pending, untouched, and goes to Miva exactly once when the store is active again; Miva refusing
// the credentials during a relay pauses the store like a download does.
import request from 'supertest';
import { first } from '../../src/common/must';
import { InventoryRelayService } from '../../src/modules/inventory/inventory-relay.service';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { ShipmentRelayService } from '../../src/modules/shipments/shipment-relay.service';
import type { CallLogEntry } from '../../src/simulator/state';
import { createStore, getStore, sim, StoreView } from '../download/download-support';
import {
  ADMIN_KEY,
  eventually,
  RelayEnv,
  seedOrder,
  startRelayEnv,
} from '../shipments/relay-fixtures';
import { bearer } from '../support/test-app';

const admin = bearer(ADMIN_KEY);

interface ShipmentBody {
  id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  mivaShipmentId: number | null;
}

interface EventBody {
  eventId: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
}

let counter = 0;
const uniqueId = (prefix: string): string => `${prefix}-${Date.now()}-${++counter}`;

describe('relay: a store’s state holds its work', () => {
  let env: RelayEnv;
  let shipments: ShipmentRelayService;
  let inventory: InventoryRelayService;

  beforeAll(async () => {
    env = await startRelayEnv();
    shipments = env.t.bridge.app.get(ShipmentRelayService);
    inventory = env.t.bridge.app.get(InventoryRelayService);
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(async () => {
    await sim(env.sim, 'PUT', '/token', { enabled: true });
    shipments.start();
    inventory.start();
  });

  const patchStore = (id: string, body: Record<string, unknown>) =>
    request(env.t.server).patch(`/api/v1/stores/${id}`).set(admin).send(body);

  const stock = (sku: string): number =>
    first(env.sim.state.findProduct({ sku }), sku).product_inventory!;
  const lastSeq = (): number => env.sim.state.log.at(-1)?.seq ?? 0;
  const callsSince = (seq: number): CallLogEntry[] => env.sim.state.log.filter((e) => e.seq > seq);
  const adjustCalls = (entries: CallLogEntry[]): CallLogEntry[] =>
    entries.filter((e) => e.authorized && e.functions.includes('ProductList_Adjust_Inventory'));

  /** Both workers have each finished a round that began after this call. */
  const bothRoundsDone = async (): Promise<void> => {
    await Promise.all([shipments.nextRound(), inventory.nextRound()]);
  };

  async function shipment(orderId: string, id: string): Promise<ShipmentBody> {
    const res = await request(env.t.server)
      .get(`/api/v1/orders/${orderId}/shipments`)
      .set(admin)
      .expect(200);
    return (res.body as ShipmentBody[]).find((s) => s.id === id)!;
  }

  async function event(storeId: string, eventId: string): Promise<EventBody> {
    const res = await request(env.t.server)
      .get('/api/v1/inventory/adjustments')
      .query({ storeId, limit: 1000 })
      .set(admin)
      .expect(200);
    return (res.body as EventBody[]).find((e) => e.eventId === eventId)!;
  }

  /** A shipment of a fresh order and an inventory delta for the store, both accepted. */
  async function queueWork(storeId: string, seed: number, sku: string, delta: number) {
    const { orderId, mivaOrderId } = await seedOrder(env, storeId, seed, [1]);
    const posted = await request(env.t.server)
      .post(`/api/v1/orders/${orderId}/shipments`)
      .set(admin)
      .send({ shipmentRef: uniqueId('S'), carrier: 'UPS', trackingNumber: uniqueId('1Z') })
      .expect(202);
    const eventId = uniqueId('delta');
    await request(env.t.server)
      .post('/api/v1/inventory/adjustments')
      .set(admin)
      .send({ storeId, adjustments: [{ eventId, identifier: sku, delta }] })
      .expect(202);
    return { orderId, mivaOrderId, shipmentId: posted.body.id as string, eventId };
  }

  async function deliveredOnce(
    storeId: string,
    work: Awaited<ReturnType<typeof queueWork>>,
  ): Promise<void> {
    const sent = await eventually(
      async () => {
        const [s, e] = [
          await shipment(work.orderId, work.shipmentId),
          await event(storeId, work.eventId),
        ];
        return s.status !== 'pending' && e.status !== 'pending' ? { s, e } : undefined;
      },
      20_000,
      'the held work to be sent',
    );
    expect(sent.s.status).toBe('sent');
    expect(sent.e.status).toBe('sent');
    const live = await sim<MivaOrder>(env.sim, 'GET', `/orders/${work.mivaOrderId}`);
    expect(live.shipments?.map((s) => s.id)).toEqual([sent.s.mivaShipmentId]);
  }

  it('keeps a disabled store’s shipment and inventory pending, unsent, until it is enabled', async () => {
    const store: StoreView = await createStore(env.t, env.sim, {}, { enabled: false });
    expect(store.status).toBe('disabled');
    const before = stock('PRT040');
    const work = await queueWork(store.id, 41, 'PRT040', 5);
    const mark = lastSeq();

    // Both workers have looked at the queue since the work was accepted: nothing went to Miva.
    await bothRoundsDone();
    expect(callsSince(mark)).toEqual([]);
    expect(await shipment(work.orderId, work.shipmentId)).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
    expect(await event(store.id, work.eventId)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(stock('PRT040')).toBe(before);

    await patchStore(store.id, { enabled: true }).expect(200);
    await deliveredOnce(store.id, work);
    expect(adjustCalls(callsSince(mark))).toHaveLength(1);
    expect(stock('PRT040')).toBe(before + 5);
  });

  it.each(['shipments', 'inventory'] as const)(
    'pauses a store whose token Miva refuses during a relay (%s), and resumes after a patch',
    async (first) => {
      const store = await createStore(env.t, env.sim);
      const sku = first === 'shipments' ? 'PRT041' : 'PRT042';
      const before = stock(sku);
      // Only one relay runs while the token is refused: that one must pause the store.
      const other = first === 'shipments' ? inventory : shipments;
      await other.stop();
      await sim(env.sim, 'PUT', '/token', { enabled: false });
      const start = lastSeq();
      const work = await queueWork(store.id, first === 'shipments' ? 42 : 43, sku, -2);

      const paused = await eventually(
        async () => {
          const view = await getStore(env.t, store.id);
          return view.status === 'unauthorized' ? view : undefined;
        },
        20_000,
        'the store to be paused as unauthorized',
      );
      expect(paused.statusMessage).toMatch(/access_denied.*Token is disabled/);
      // One call, refused by Miva; none after it.
      expect(callsSince(start).filter((e) => !e.authorized)).toHaveLength(1);

      // Once rounds that began after the pause are done, the work is held: pending, never
      // failed, and no further Miva call is made for it.
      other.start();
      await bothRoundsDone();
      const mark = lastSeq();
      await bothRoundsDone();
      expect(callsSince(mark)).toEqual([]);
      expect((await shipment(work.orderId, work.shipmentId)).status).toBe('pending');
      expect((await event(store.id, work.eventId)).status).toBe('pending');
      expect(stock(sku)).toBe(before);

      // Fixed in Miva and re-checked by a patch: the work goes out, once.
      await sim(env.sim, 'PUT', '/token', { enabled: true });
      const fixed = await patchStore(store.id, { accessToken: env.sim.accessToken }).expect(200);
      expect(fixed.body).toMatchObject({ status: 'active', statusMessage: null });
      await deliveredOnce(store.id, work);
      expect(adjustCalls(callsSince(mark))).toHaveLength(1);
      expect(stock(sku)).toBe(before - 2);
    },
  );
});
