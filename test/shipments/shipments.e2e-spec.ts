import request from 'supertest';
import type { BridgeApp } from '../../src/bridge-app';
import { first, must } from '../../src/common/must';
import type { MivaOrder, MivaShipment } from '../../src/miva-model/miva.models';
import { ShipmentRelayService } from '../../src/modules/shipments/shipment-relay.service';
import { bearer } from '../support/test-app';
import {
  ADMIN_KEY,
  download,
  eventually,
  HoldingProxy,
  insertSimulatorStore,
  RelayEnv,
  seedOrder,
  sim,
  startProxiedStore,
  startRelayEnv,
  startSecondInstance,
} from './relay-fixtures';

interface ShipmentBody {
  id: string;
  shipmentRef: string;
  status: 'pending' | 'sent' | 'failed';
  mivaShipmentId: number | null;
  mivaShipmentCode: string | null;
  attempts: number;
  lastError: string | null;
  lines: { lineId: string; quantity: number; mivaLineId: number | null }[];
  carrier: string;
  trackingNumber: string;
}

const admin = bearer(ADMIN_KEY);

describe('shipments: OMS → Miva', () => {
  let env: RelayEnv;
  let storeId: string;

  beforeAll(async () => {
    env = await startRelayEnv();
    storeId = await insertSimulatorStore(env.t.bridge, env.sim);
  });

  afterAll(async () => {
    await env.close();
  });

  const post = (orderId: string, body: Record<string, unknown>, auth = admin) =>
    request(env.t.server).post(`/api/v1/orders/${orderId}/shipments`).set(auth).send(body);

  async function waitSettled(orderId: string, shipmentId: string): Promise<ShipmentBody> {
    let last: ShipmentBody | undefined;
    return eventually(
      async () => {
        const res = await request(env.t.server)
          .get(`/api/v1/orders/${orderId}/shipments`)
          .set(admin)
          .expect(200);
        last = (res.body as ShipmentBody[]).find((s) => s.id === shipmentId);
        return last && last.status !== 'pending' ? last : undefined;
      },
      20_000,
      () => `shipment to settle (last seen: ${JSON.stringify(last)})`,
    );
  }

  const simOrder = (id: number) => sim<MivaOrder>(env.sim, 'GET', `/orders/${id}`);
  const simShipmentsOf = async (id: number): Promise<MivaShipment[]> =>
    (await simOrder(id)).shipments ?? [];

  it('ships everything unshipped with tracking, cost and mark-shipped', async () => {
    const { orderId, mivaOrderId, order } = await seedOrder(env, storeId, 11, [2, 1]);
    const res = await post(orderId, {
      shipmentRef: 'FULL-1',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      cost: '7.10',
    }).expect(202);
    expect(res.body).toMatchObject({ shipmentRef: 'FULL-1', status: 'pending', attempts: 0 });
    const productLines = (order.items ?? []).length;
    expect(res.body.lines).toHaveLength(productLines);

    const done = await waitSettled(orderId, res.body.id as string);
    expect(done).toMatchObject({ status: 'sent', lastError: null, carrier: 'UPS' });
    expect(done.mivaShipmentId).toEqual(expect.any(Number));

    const live = await simOrder(mivaOrderId);
    expect(live.shipments).toHaveLength(1);
    const shipment = first(live.shipments!);
    expect(shipment).toMatchObject({
      id: done.mivaShipmentId,
      code: done.mivaShipmentCode,
      status: 200,
      tracknum: '1Z999AA10123456784',
      tracktype: 'UPS',
      cost: 7.1,
    });
    expect(shipment.ship_date).toBeGreaterThan(0);
    // Every item is in it and shipped; the order is shipped.
    for (const item of live.items ?? []) {
      expect(item).toMatchObject({ shpmnt_id: shipment.id, status: 200 });
    }
    expect(live.status).toBe(200);
  });

  it('splits a line over two shipments, each with its own tracking', async () => {
    const { orderId, mivaOrderId, order } = await seedOrder(env, storeId, 12, [3, 1]);
    const item = first(order.items!);
    const line = `L${item.line_id}`;

    const firstPost = await post(orderId, {
      shipmentRef: 'SPLIT-A',
      lines: [{ lineId: line, quantity: 1 }],
      carrier: 'FedEx',
      trackingNumber: 'FX-1',
      cost: '3.00',
    }).expect(202);
    const second = await post(orderId, {
      shipmentRef: 'SPLIT-B',
      lines: [{ lineId: line, quantity: 2 }],
      carrier: 'USPS',
      trackingNumber: 'US-2',
    }).expect(202);
    // All 3 are now taken by the two shipments, even before Miva has seen either.
    const over = await post(orderId, {
      shipmentRef: 'SPLIT-C',
      lines: [{ lineId: line, quantity: 1 }],
    }).expect(422);
    expect(over.body.error).toMatchObject({ code: 'QUANTITY_EXCEEDED' });
    expect(over.body.error.details[0]).toMatchObject({ lineId: line, requested: 1, unshipped: 0 });

    const a = await waitSettled(orderId, firstPost.body.id as string);
    const b = await waitSettled(orderId, second.body.id as string);
    expect([a.status, b.status]).toEqual(['sent', 'sent']);
    expect(a.mivaShipmentId).not.toBe(b.mivaShipmentId);

    const live = await simOrder(mivaOrderId);
    const product = live.items!.filter((i) => i.sku === item.sku);
    // The original line (qty 3) became two lines: 1 in the first shipment, 2 in the second.
    expect(product.map((i) => [i.quantity, i.shpmnt_id, i.status]).sort()).toEqual(
      [
        [1, a.mivaShipmentId, 200],
        [2, b.mivaShipmentId, 200],
      ].sort(),
    );
    expect(a.lines[0]?.mivaLineId).not.toBe(item.line_id);
    const shipments = new Map(live.shipments!.map((s) => [s.id, s]));
    expect(shipments.get(a.mivaShipmentId!)).toMatchObject({
      tracknum: 'FX-1',
      tracktype: 'FedEx',
      cost: 3,
    });
    expect(shipments.get(b.mivaShipmentId!)).toMatchObject({ tracknum: 'US-2', tracktype: 'USPS' });
    // The other line is still unshipped: the order is partially shipped.
    expect(live.status).toBe(201);

    // After the next download the split lines are in the order; what is left is still shippable.
    await download(env, storeId, mivaOrderId);
    await post(orderId, { shipmentRef: 'SPLIT-D', lines: [{ lineId: line, quantity: 1 }] }).expect(
      422,
    );
    const rest = await post(orderId, { shipmentRef: 'SPLIT-E' }).expect(202);
    expect(rest.body.lines).toEqual([
      { lineId: `L${must(order.items![1], 'item 2').line_id}`, quantity: 1, mivaLineId: null },
    ]);
    expect((await waitSettled(orderId, rest.body.id as string)).status).toBe('sent');
    expect((await simOrder(mivaOrderId)).status).toBe(200);
  });

  it('answers the same shipmentRef with the same shipment and never makes a second one', async () => {
    const { orderId, mivaOrderId } = await seedOrder(env, storeId, 13, [1, 1]);
    const body = { shipmentRef: 'IDEM-1', carrier: 'UPS', trackingNumber: 'T-1' };
    const created = await post(orderId, body).expect(202);
    const again = await post(orderId, body).expect(200);
    expect(again.body.id).toBe(created.body.id);
    await waitSettled(orderId, created.body.id as string);
    const later = await post(orderId, body).expect(200);
    expect(later.body).toMatchObject({ id: created.body.id, status: 'sent' });
    expect(await simShipmentsOf(mivaOrderId)).toHaveLength(1);
    const list = await request(env.t.server)
      .get(`/api/v1/orders/${orderId}/shipments`)
      .set(admin)
      .expect(200);
    expect(list.body).toHaveLength(1);
  });

  it('validates lines, quantities, scopes and stores', async () => {
    const { orderId, order } = await seedOrder(env, storeId, 14, [2]);
    const line = `L${first(order.items!).line_id}`;
    const tooMany = await post(orderId, {
      shipmentRef: 'V-1',
      lines: [{ lineId: line, quantity: 3 }],
    }).expect(422);
    expect(tooMany.body.error.code).toBe('QUANTITY_EXCEEDED');
    const unknown = await post(orderId, {
      shipmentRef: 'V-2',
      lines: [{ lineId: 'L999', quantity: 1 }],
    }).expect(400);
    expect(unknown.body.error.details[0].field).toBe('lines.0.lineId');
    await post(orderId, { shipmentRef: 'V-3', lines: [{ lineId: line, quantity: 0 }] }).expect(400);
    await post(orderId, { shipmentRef: 'V-4', cost: '7.1' }).expect(400);
    await post(orderId, { shipmentRef: 'V-5', extra: true }).expect(400);
    await post('00000000-0000-4000-8000-000000000000', { shipmentRef: 'V-6' }).expect(404);

    const key = async (scopes: string[], storeIds?: string[]): Promise<Record<string, string>> => {
      const res = await request(env.t.server)
        .post('/api/v1/api-keys')
        .set(admin)
        .send({ name: 'k', scopes, storeIds })
        .expect(201);
      return bearer(res.body.key as string);
    };
    const reader = await key(['orders:read']);
    await post(orderId, { shipmentRef: 'V-7' }, reader).expect(403);
    await request(env.t.server).get(`/api/v1/orders/${orderId}/shipments`).set(reader).expect(200);
    const otherStore = await key(['shipments:write'], ['00000000-0000-4000-8000-000000000001']);
    await post(orderId, { shipmentRef: 'V-8' }, otherStore).expect(404);
    const writer = await key(['shipments:write'], [storeId]);
    await post(
      orderId,
      { shipmentRef: 'V-9', lines: [{ lineId: line, quantity: 1 }] },
      writer,
    ).expect(202);
  });

  it('parks a shipment Miva refuses as failed with the reason', async () => {
    const { orderId, mivaOrderId, order } = await seedOrder(env, storeId, 15, [1]);
    // Someone cancels the item in Miva after our download.
    await fetch(`${env.sim.controlUrl}/orders/${mivaOrderId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ line_id: first(order.items!).line_id, status: 300 }] }),
    });
    const res = await post(orderId, { shipmentRef: 'REFUSED' }).expect(202);
    const done = await waitSettled(orderId, res.body.id as string);
    expect(done.status).toBe('failed');
    expect(done.lastError).toMatch(/can no longer be shipped/);
    expect(await simShipmentsOf(mivaOrderId)).toHaveLength(0);
  });

  it('retries through Miva being down, then delivers', async () => {
    const { orderId, mivaOrderId } = await seedOrder(env, storeId, 16, [1]);
    env.sim.state.setFaults({ apiOffline: true });
    const res = await post(orderId, { shipmentRef: 'DOWN-1', trackingNumber: 'D-1' }).expect(202);
    await eventually(
      async () => {
        const list = await request(env.t.server)
          .get(`/api/v1/orders/${orderId}/shipments`)
          .set(admin)
          .expect(200);
        const s = (list.body as ShipmentBody[])[0];
        return s !== undefined && s.attempts >= 2 && s.lastError !== null ? s : undefined;
      },
      20_000,
      'failed attempts',
    );
    env.sim.state.setFaults({ apiOffline: false });
    const done = await waitSettled(orderId, res.body.id as string);
    expect(done).toMatchObject({ status: 'sent' });
    expect(await simShipmentsOf(mivaOrderId)).toHaveLength(1);
  });

  describe('lost answers', () => {
    let proxy: HoldingProxy;
    let proxiedStore: string;

    beforeAll(async () => {
      ({ proxy, storeId: proxiedStore } = await startProxiedStore(env));
    });

    afterAll(async () => {
      await proxy.close();
    });

    it('adopts the Miva shipment when the answer to its creation was lost', async () => {
      const { orderId, mivaOrderId } = await seedOrder(env, proxiedStore, 17, [2, 1]);
      proxy.holdNext('OrderItemList_CreateShipment', true);
      const res = await post(orderId, { shipmentRef: 'LOST-1', trackingNumber: 'L-1' }).expect(202);
      const done = await waitSettled(orderId, res.body.id as string);
      expect(proxy.held).toBe(1);
      expect(done).toMatchObject({ status: 'sent' });
      expect(done.attempts).toBeGreaterThanOrEqual(2);
      const shipments = await simShipmentsOf(mivaOrderId);
      expect(shipments).toHaveLength(1);
      expect(shipments[0]).toMatchObject({ id: done.mivaShipmentId, tracknum: 'L-1', status: 200 });
    });

    it('recognises the split line when the answer to the split was lost', async () => {
      const { orderId, mivaOrderId, order } = await seedOrder(env, proxiedStore, 18, [3]);
      proxy.holdNext('OrderItem_Split', true);
      const line = `L${first(order.items!).line_id}`;
      const res = await post(orderId, {
        shipmentRef: 'LOST-SPLIT',
        lines: [{ lineId: line, quantity: 2 }],
      }).expect(202);
      const done = await waitSettled(orderId, res.body.id as string);
      expect(done.status).toBe('sent');
      const live = await simOrder(mivaOrderId);
      // Exactly one split happened: 1 left unshipped, 2 shipped.
      expect(live.items!.map((i) => [i.quantity, i.shpmnt_id === 0]).sort()).toEqual(
        [
          [1, true],
          [2, false],
        ].sort(),
      );
      expect(live.shipments).toHaveLength(1);
    });

    it('survives a crash between Miva creating the shipment and our commit', async () => {
      const { orderId, mivaOrderId } = await seedOrder(env, proxiedStore, 19, [1, 2]);
      // Instance A: its answer from Miva never arrives, and it writes nothing more (as if it
      // died); its lease runs out quickly. This instance's worker sits the test out.
      const relay = env.t.bridge.app.get(ShipmentRelayService);
      await relay.stop();
      const a = await startSecondInstance(env.t, { leaseMs: 1500 });
      let b: BridgeApp | undefined;
      try {
        proxy.held = 0;
        proxy.drop = false;
        proxy.holdWhen = (body) => body.includes('OrderItemList_CreateShipment');
        const res = await post(orderId, {
          shipmentRef: 'CRASH-1',
          carrier: 'UPS',
          trackingNumber: 'C-1',
          cost: '4.20',
        }).expect(202);
        await proxy.whenHeld();
        proxy.holdWhen = null;
        expect(await simShipmentsOf(mivaOrderId)).toHaveLength(1);

        // Instance B takes over once A's lease is gone, finds the shipment in Miva and adopts it.
        b = await startSecondInstance(env.t);
        const done = await waitSettled(orderId, res.body.id as string);
        expect(done.status).toBe('sent');
        const shipments = await simShipmentsOf(mivaOrderId);
        expect(shipments).toHaveLength(1);
        expect(shipments[0]).toMatchObject({
          id: done.mivaShipmentId,
          tracknum: 'C-1',
          tracktype: 'UPS',
          cost: 4.2,
          status: 200,
        });
        // A finally hears the connection drop: its late failure must change nothing.
        proxy.releaseHeld();
        await a.app.get(ShipmentRelayService).nextRound();
        const list = await request(env.t.server)
          .get(`/api/v1/orders/${orderId}/shipments`)
          .set(admin)
          .expect(200);
        expect(list.body[0]).toMatchObject({ status: 'sent', mivaShipmentId: done.mivaShipmentId });
        expect(await simShipmentsOf(mivaOrderId)).toHaveLength(1);
      } finally {
        proxy.releaseHeld();
        await b?.close();
        await a.close();
        relay.start();
      }
    });
  });

  it('exposes queue depth, outcomes and Miva requests as metrics', async () => {
    const res = await request(env.t.server).get('/metrics').expect(200);
    expect(res.text).toMatch(/relay_queue_depth\{queue="shipments",status="pending"\} \d+/);
    expect(res.text).toMatch(/relay_queue_depth\{queue="shipments",status="failed"\} [1-9]/);
    expect(res.text).toMatch(/relay_jobs_total\{queue="shipments",outcome="sent"\} [1-9]/);
    expect(res.text).toMatch(/relay_jobs_total\{queue="shipments",outcome="failed"\} [1-9]/);
    expect(res.text).toMatch(
      /relay_miva_requests_total\{queue="shipments",function="OrderItemList_CreateShipment",result="ok"\} [1-9]/,
    );
    expect(res.text).toMatch(/relay_latency_seconds_count\{queue="shipments"\} [1-9]/);
  });
});
