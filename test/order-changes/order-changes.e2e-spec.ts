// Cancellations and backorders, OMS → Miva, against the real app, database and Miva simulator:
// each reaches Miva once (whole lines, and parts of lines split first), lost answers are
// recognised and never sent again, an order's changes and shipments never run at once, a store
// that is not active holds them, a refused change parks with an exception that a retry clears,
// and the next download brings the new line statuses back as a new revision.
import request from 'supertest';
import { first, must } from '../../src/common/must';
import type { MivaOrderItem } from '../../src/miva-model/miva.models';
import { OrderChangeRelayService } from '../../src/modules/order-changes/order-change-relay.service';
import { ShipmentRelayService } from '../../src/modules/shipments/shipment-relay.service';
import { createStore, syncNow } from '../download/download-support';
import {
  eventually,
  HoldingProxy,
  insertSimulatorStore,
  RelayEnv,
  sim,
  startProxiedStore,
  startRelayEnv,
} from '../shipments/relay-fixtures';
import { bearer } from '../support/test-app';
import { admin, callLog, changeApi, seedKitOrder, seedLines, simOrder } from './change-support';

interface ShipmentBody {
  id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
}

const line = (item: MivaOrderItem | undefined): string => `L${must(item, 'the item').line_id}`;

describe('order changes: cancellations and backorders to Miva', () => {
  let env: RelayEnv;
  let storeId: string;
  let api: ReturnType<typeof changeApi>;
  let log: ReturnType<typeof callLog>;

  beforeAll(async () => {
    env = await startRelayEnv();
    storeId = await insertSimulatorStore(env.t.bridge, env.sim);
    api = changeApi(env);
    log = callLog(env);
  });

  afterAll(async () => {
    await env.close();
  });

  const ship = (orderId: string, body: Record<string, unknown>) =>
    request(env.t.server).post(`/api/v1/orders/${orderId}/shipments`).set(admin).send(body);

  async function shipment(orderId: string, id: string): Promise<ShipmentBody> {
    const res = await request(env.t.server)
      .get(`/api/v1/orders/${orderId}/shipments`)
      .set(admin)
      .expect(200);
    return first(
      (res.body as ShipmentBody[]).filter((s) => s.id === id),
      'the shipment',
    );
  }

  const shipmentSettled = (orderId: string, id: string): Promise<ShipmentBody> =>
    eventually(
      async () => {
        const s = await shipment(orderId, id);
        return s.status !== 'pending' ? s : undefined;
      },
      20_000,
      'the shipment to settle',
    );

  it('cancels whole lines once with the reason; Miva re-derives the order status', async () => {
    const { orderId, mivaOrderId, order } = await seedLines(env, storeId, [2, 1]);
    const [a, b] = [order.items?.[0], order.items?.[1]];
    const before = await simOrder(env, mivaOrderId);
    const mark = log.lastSeq();

    const res = await api
      .post('cancellations', orderId, {
        cancellationRef: 'CXL-WHOLE',
        lines: [{ lineId: line(a), quantity: 2 }],
        reason: 'Out of stock',
      })
      .expect(202);
    expect(res.body).toMatchObject({
      cancellationRef: 'CXL-WHOLE',
      status: 'pending',
      attempts: 0,
      reason: 'Out of stock',
      lines: [{ lineId: line(a), quantity: 2, mivaLineId: null }],
    });
    const done = await api.settled('cancellations', orderId, res.body.id as string);
    expect(done).toMatchObject({ status: 'sent', lastError: null, nextAttemptAt: null });
    expect(done.lines[0]?.mivaLineId).toBe(must(a, 'a').line_id);
    expect(done.sentAt).not.toBeNull();

    const live = await simOrder(env, mivaOrderId);
    const cancelled = first(
      (live.items ?? []).filter((i) => i.line_id === a?.line_id),
      'line a',
    );
    expect(cancelled.status).toBe(300);
    expect(cancelled.options?.map((o) => [o.attr_code, o.value])).toContainEqual([
      'Cancellation Reason',
      'Out of stock',
    ]);
    // The other line is still pending; the order's status is derived from it alone.
    expect(live.items?.find((i) => i.line_id === b?.line_id)?.status).toBe(0);
    expect(live.status).toBe(0);
    expect(live.dt_updated).toBeGreaterThanOrEqual(before.dt_updated ?? 0);
    expect(log.count('OrderItemList_Cancel', mark)).toBe(1);
    expect(log.count('OrderItem_Split', mark)).toBe(0);

    // Cancelling the last line cancels the order.
    const rest = await api
      .post('cancellations', orderId, {
        cancellationRef: 'CXL-REST',
        lines: [{ lineId: line(b), quantity: 1 }],
      })
      .expect(202);
    expect((await api.settled('cancellations', orderId, rest.body.id as string)).status).toBe(
      'sent',
    );
    expect((await simOrder(env, mivaOrderId)).status).toBe(300);
    expect(log.count('OrderItemList_Cancel', mark)).toBe(2);
  });

  it('cancels a part of a line: the Miva item is split first, then the split line cancelled', async () => {
    const { orderId, mivaOrderId, order } = await seedLines(env, storeId, [3]);
    const item = must(order.items?.[0], 'the item');
    const mark = log.lastSeq();
    const res = await api
      .post('cancellations', orderId, {
        cancellationRef: 'CXL-PART',
        lines: [{ lineId: line(item), quantity: 1 }],
      })
      .expect(202);
    const done = await api.settled('cancellations', orderId, res.body.id as string);
    expect(done.status).toBe('sent');
    expect(done.lines[0]?.mivaLineId).not.toBe(item.line_id);

    const live = await simOrder(env, mivaOrderId);
    const product = (live.items ?? []).filter((i) => i.sku === item.sku);
    expect(product.map((i) => [i.line_id === item.line_id, i.quantity, i.status]).sort()).toEqual(
      [
        [false, 1, 300],
        [true, 2, 0],
      ].sort(),
    );
    expect(log.count('OrderItem_Split', mark)).toBe(1);
    expect(log.count('OrderItemList_Cancel', mark)).toBe(1);
  });

  it('backorders whole and partial lines with the in-stock date', async () => {
    const { orderId, mivaOrderId, order } = await seedLines(env, storeId, [2, 3]);
    const [a, b] = [must(order.items?.[0], 'a'), must(order.items?.[1], 'b')];
    const mark = log.lastSeq();
    const res = await api
      .post('backorders', orderId, {
        backorderRef: 'BO-1',
        lines: [
          { lineId: line(a), quantity: 2 },
          { lineId: line(b), quantity: 1 },
        ],
        expectedAt: '2026-12-20T00:00:00Z',
      })
      .expect(202);
    expect(res.body).toMatchObject({
      backorderRef: 'BO-1',
      status: 'pending',
      expectedAt: '2026-12-20T00:00:00.000Z',
    });
    const done = await api.settled('backorders', orderId, res.body.id as string);
    expect(done.status).toBe('sent');

    const instock = Date.UTC(2026, 11, 20) / 1000;
    const live = await simOrder(env, mivaOrderId);
    const rows = (live.items ?? []).map((i) => [i.sku, i.quantity, i.status, i.dt_instock]);
    expect(rows).toContainEqual([a.sku, 2, 400, instock]);
    expect(rows).toContainEqual([b.sku, 1, 400, instock]);
    expect(rows).toContainEqual([b.sku, 2, 0, b.dt_instock]);
    expect(live.bord_count).toBe(2);
    // Backordered and pending items together: the order is processing.
    expect(live.status).toBe(100);
    expect(log.count('OrderItem_Split', mark)).toBe(1);
    expect(log.count('OrderItemList_BackOrder', mark)).toBe(1);
  });

  it('answers 422 for more than the open quantity, a kit component or discount line, and a shipped line', async () => {
    const { orderId, order } = await seedLines(env, storeId, [2, 1]);
    const [a, b] = [order.items?.[0], order.items?.[1]];

    const tooMany = await api
      .post('cancellations', orderId, {
        cancellationRef: 'V-1',
        lines: [{ lineId: line(a), quantity: 3 }],
      })
      .expect(422);
    expect(tooMany.body.error).toMatchObject({ code: 'QUANTITY_EXCEEDED' });
    expect(tooMany.body.error.details[0]).toMatchObject({ lineId: line(a), requested: 3, open: 2 });
    await api
      .post('cancellations', orderId, {
        cancellationRef: 'V-2',
        lines: [{ lineId: 'L999', quantity: 1 }],
      })
      .expect(400);

    // Line b ships; once Miva has it, nothing of it can be cancelled or backordered.
    const shipped = await ship(orderId, {
      shipmentRef: 'V-SHIP',
      lines: [{ lineId: line(b), quantity: 1 }],
    }).expect(202);
    // Already while the shipment is on its way.
    const whileShipping = await api
      .post('cancellations', orderId, {
        cancellationRef: 'V-3',
        lines: [{ lineId: line(b), quantity: 1 }],
      })
      .expect(422);
    expect(whileShipping.body.error.code).toBe('QUANTITY_EXCEEDED');
    expect((await shipmentSettled(orderId, shipped.body.id as string)).status).toBe('sent');
    for (const kind of ['cancellations', 'backorders'] as const) {
      const res = await api
        .post(kind, orderId, {
          [kind === 'cancellations' ? 'cancellationRef' : 'backorderRef']: 'V-4',
          lines: [{ lineId: line(b), quantity: 1 }],
        })
        .expect(422);
      expect(res.body.error).toMatchObject({ code: 'QUANTITY_EXCEEDED' });
      expect(res.body.error.details[0]).toMatchObject({ lineId: line(b), open: 0 });
    }

    // A backordered quantity cannot be backordered again, but can be cancelled; a cancelled one
    // cannot be shipped.
    const bo = await api
      .post('backorders', orderId, {
        backorderRef: 'V-BO',
        lines: [{ lineId: line(a), quantity: 2 }],
      })
      .expect(202);
    await api
      .post('backorders', orderId, {
        backorderRef: 'V-BO-2',
        lines: [{ lineId: line(a), quantity: 1 }],
      })
      .expect(422);
    const cxl = await api
      .post('cancellations', orderId, {
        cancellationRef: 'V-CXL',
        lines: [{ lineId: line(a), quantity: 1 }],
      })
      .expect(202);
    const noShip = await ship(orderId, {
      shipmentRef: 'V-SHIP-2',
      lines: [{ lineId: line(a), quantity: 2 }],
    }).expect(422);
    expect(noShip.body.error.details[0]).toMatchObject({ unshipped: 1 });
    expect((await api.settled('backorders', orderId, bo.body.id as string)).status).toBe('sent');
    expect((await api.settled('cancellations', orderId, cxl.body.id as string)).status).toBe(
      'sent',
    );

    // Kit components and discount lines are not Miva items of their own.
    const kit = await seedKitOrder(env, storeId);
    const mapped = await request(env.t.server)
      .get(`/api/v1/orders/${kit.orderId}`)
      .set(admin)
      .expect(200);
    const lines = mapped.body.lines as { lineId: string; kind: string }[];
    const component = first(
      lines.filter((l) => l.kind === 'kit_component'),
      'a kit component line',
    );
    const discount = first(
      lines.filter((l) => l.kind === 'discount' || l.kind === 'coupon'),
      'a discount line',
    );
    for (const [ref, lineId] of [
      ['K-1', component.lineId],
      ['K-2', discount.lineId],
    ] as const) {
      const res = await api
        .post('cancellations', kit.orderId, {
          cancellationRef: ref,
          lines: [{ lineId, quantity: 1 }],
        })
        .expect(422);
      expect(res.body.error).toMatchObject({ code: 'LINE_NOT_CHANGEABLE' });
      expect(res.body.error.details[0]).toMatchObject({ field: 'lines.0.lineId', lineId });
    }
    await api
      .post('backorders', kit.orderId, {
        backorderRef: 'K-3',
        lines: [{ lineId: component.lineId, quantity: 1 }],
      })
      .expect(422);
    expect(await api.list('cancellations', kit.orderId)).toEqual([]);
  });

  it('checks scopes and stores', async () => {
    const { orderId, order } = await seedLines(env, storeId, [1]);
    const key = async (scopes: string[], storeIds?: string[]): Promise<Record<string, string>> => {
      const res = await request(env.t.server)
        .post('/api/v1/api-keys')
        .set(admin)
        .send({ name: 'k', scopes, storeIds })
        .expect(201);
      return bearer(res.body.key as string);
    };
    const body = {
      cancellationRef: 'S-1',
      lines: [{ lineId: line(order.items?.[0]), quantity: 1 }],
    };
    const reader = await key(['orders:read']);
    await api.post('cancellations', orderId, body, reader).expect(403);
    await request(env.t.server).get(`/api/v1/orders/${orderId}/backorders`).set(reader).expect(200);
    const elsewhere = await key(['orders:write'], ['00000000-0000-4000-8000-000000000001']);
    await api.post('cancellations', orderId, body, elsewhere).expect(404);
    await api.post('cancellations', '00000000-0000-4000-8000-000000000000', body).expect(404);
    await api
      .post('backorders', orderId, { backorderRef: 'S-2', lines: body.lines, expectedAt: 'soon' })
      .expect(400);
    await api.post('cancellations', orderId, { ...body, extra: 1 }).expect(400);
    const writer = await key(['orders:write'], [storeId]);
    await api.post('cancellations', orderId, body, writer).expect(202);
  });

  it('parks a change Miva no longer allows, opens an exception, and a retry sends it once', async () => {
    const { orderId, mivaOrderId, order } = await seedLines(env, storeId, [1]);
    const item = must(order.items?.[0], 'the item');
    // Shipped in Miva after our download.
    await sim(env.sim, 'PATCH', `/orders/${mivaOrderId}`, {
      items: [{ line_id: item.line_id, status: 200 }],
    });
    const mark = log.lastSeq();
    const res = await api
      .post('cancellations', orderId, {
        cancellationRef: 'REFUSED',
        lines: [{ lineId: line(item), quantity: 1 }],
      })
      .expect(202);
    const failed = await api.settled('cancellations', orderId, res.body.id as string);
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/can no longer be cancelled \(item status 200\)/);

    const exceptions = async (status: string) =>
      (
        await request(env.t.server)
          .get('/api/v1/exceptions')
          .query({ storeId, kind: 'cancellation', status })
          .set(admin)
          .expect(200)
      ).body.data as {
        id: string;
        kind: string;
        code: string;
        message: string;
        subject: { type: string; id: string; mivaOrderId: number };
      }[];
    const opened = first(
      (await exceptions('open')).filter((e) => e.subject.id === failed.id),
      'the exception',
    );
    expect(opened).toMatchObject({
      kind: 'cancellation',
      code: 'MIVA_REFUSED',
      message: failed.lastError,
      subject: { type: 'cancellation', id: failed.id, mivaOrderId },
    });

    // Put right in Miva, then retried by support: sent once, and the exception resolves.
    await sim(env.sim, 'PATCH', `/orders/${mivaOrderId}`, {
      items: [{ line_id: item.line_id, status: 0 }],
    });
    await request(env.t.server)
      .post(`/api/v1/exceptions/${opened.id}/retry`)
      .set(admin)
      .send({})
      .expect(202);
    const sent = await api.settled('cancellations', orderId, failed.id);
    expect(sent).toMatchObject({ status: 'sent', lastError: null });
    expect((await exceptions('resolved')).map((e) => e.id)).toContain(opened.id);
    expect(log.count('OrderItemList_Cancel', mark)).toBe(1);
  });

  it('holds a disabled store’s changes pending, unsent, until the store is enabled', async () => {
    const store = await createStore(env.t, env.sim, {}, { enabled: false });
    const { orderId, mivaOrderId, order } = await seedLines(env, store.id, [1]);
    const relay = env.t.bridge.app.get(OrderChangeRelayService);
    const mark = log.lastSeq();
    const res = await api
      .post('backorders', orderId, {
        backorderRef: 'HELD',
        lines: [{ lineId: line(order.items?.[0]), quantity: 1 }],
      })
      .expect(202);
    await relay.nextRound();
    await relay.nextRound();
    expect(await api.find('backorders', orderId, res.body.id as string)).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
    expect(log.since(mark)).toEqual([]);

    await request(env.t.server)
      .patch(`/api/v1/stores/${store.id}`)
      .set(admin)
      .send({ enabled: true })
      .expect(200);
    expect((await api.settled('backorders', orderId, res.body.id as string)).status).toBe('sent');
    expect((await simOrder(env, mivaOrderId)).items?.[0]?.status).toBe(400);
    expect(log.count('OrderItemList_BackOrder', mark)).toBe(1);
  });

  it('the next download brings the new line statuses as a new revision', async () => {
    const store = await createStore(env.t, env.sim);
    const { orderId, order } = await seedLines(env, store.id, [3, 1]);
    const [a, b] = [must(order.items?.[0], 'a'), must(order.items?.[1], 'b')];
    // The store's own download first, so the revision below moves only for the changes.
    await syncNow(env.t, store.id);
    const get = async () =>
      (await request(env.t.server).get(`/api/v1/orders/${orderId}`).set(admin).expect(200))
        .body as {
        revision: number;
        lines: { lineId: string; sourceLineId: number; status: string; quantity: number }[];
      };
    const before = await get();

    const cxl = await api
      .post('cancellations', orderId, {
        cancellationRef: 'REV-CXL',
        lines: [{ lineId: line(a), quantity: 1 }],
      })
      .expect(202);
    const bo = await api
      .post('backorders', orderId, {
        backorderRef: 'REV-BO',
        lines: [{ lineId: line(b), quantity: 1 }],
      })
      .expect(202);
    const split = await api.settled('cancellations', orderId, cxl.body.id as string);
    expect((await api.settled('backorders', orderId, bo.body.id as string)).status).toBe('sent');

    await syncNow(env.t, store.id);
    const after = await get();
    expect(after.revision).toBe(before.revision + 1);
    const byLine = new Map(after.lines.map((l) => [l.sourceLineId, l]));
    expect(byLine.get(a.line_id)).toMatchObject({ status: 'pending', quantity: 2 });
    expect(byLine.get(must(split.lines[0]?.mivaLineId ?? undefined, 'split line'))).toMatchObject({
      status: 'cancelled',
      quantity: 1,
    });
    expect(byLine.get(b.line_id)).toMatchObject({ status: 'backordered', quantity: 1 });

    // After the download the remaining quantity is what can still be cancelled.
    await api
      .post('cancellations', orderId, {
        cancellationRef: 'REV-CXL-2',
        lines: [{ lineId: line(a), quantity: 3 }],
      })
      .expect(422);
  });

  describe('lost answers and ordering', () => {
    let proxy: HoldingProxy;
    let proxiedStore: string;

    beforeAll(async () => {
      ({ proxy, storeId: proxiedStore } = await startProxiedStore(env));
    });

    afterAll(async () => {
      await proxy.close();
    });

    it.each([
      ['cancellations', 'OrderItemList_Cancel', [2]],
      ['backorders', 'OrderItemList_BackOrder', [2]],
      ['cancellations', 'OrderItem_Split', [3]],
      ['backorders', 'OrderItem_Split', [3]],
    ] as const)(
      '%s: a dropped answer to %s is recognised on retry and never sent twice',
      async (kind, fn, quantities) => {
        const { orderId, mivaOrderId, order } = await seedLines(env, proxiedStore, [...quantities]);
        const item = must(order.items?.[0], 'the item');
        const mark = log.lastSeq();
        proxy.holdNext(fn, true);
        const res = await api
          .post(kind, orderId, {
            [kind === 'cancellations' ? 'cancellationRef' : 'backorderRef']: `LOST-${fn}`,
            lines: [{ lineId: line(item), quantity: 2 }],
          })
          .expect(202);
        const done = await api.settled(kind, orderId, res.body.id as string);
        expect(proxy.held).toBe(1);
        expect(done).toMatchObject({ status: 'sent', lastError: null });
        expect(done.attempts).toBeGreaterThanOrEqual(2);

        const target = kind === 'cancellations' ? 300 : 400;
        const call = kind === 'cancellations' ? 'OrderItemList_Cancel' : 'OrderItemList_BackOrder';
        expect(log.count(call, mark)).toBe(1);
        expect(log.count('OrderItem_Split', mark)).toBe(quantities[0] === 3 ? 1 : 0);
        const live = await simOrder(env, mivaOrderId);
        const product = (live.items ?? []).filter((i) => i.sku === item.sku);
        expect(product.map((i) => [i.quantity, i.status]).sort()).toEqual(
          (quantities[0] === 3
            ? [
                [1, 0],
                [2, target],
              ]
            : [[2, target]]
          ).sort(),
        );
      },
    );

    it('a change waits while a shipment of its order is in flight, and the reverse', async () => {
      const changes = env.t.bridge.app.get(OrderChangeRelayService);
      const shipments = env.t.bridge.app.get(ShipmentRelayService);

      // A shipment's answer is held (in flight); a cancellation of another line of that order
      // must not go to Miva meanwhile.
      const one = await seedLines(env, proxiedStore, [1, 1]);
      const [a, b] = [one.order.items?.[0], one.order.items?.[1]];
      const mark = log.lastSeq();
      proxy.held = 0;
      proxy.drop = false;
      proxy.holdWhen = (body) => body.includes('OrderItemList_CreateShipment');
      const shipped = await ship(one.orderId, {
        shipmentRef: 'ORDER-SHIP',
        lines: [{ lineId: line(a), quantity: 1 }],
      }).expect(202);
      await proxy.whenHeld();
      proxy.holdWhen = null;
      const cxl = await api
        .post('cancellations', one.orderId, {
          cancellationRef: 'ORDER-CXL',
          lines: [{ lineId: line(b), quantity: 1 }],
        })
        .expect(202);
      await changes.nextRound();
      await changes.nextRound();
      expect(await api.find('cancellations', one.orderId, cxl.body.id as string)).toMatchObject({
        status: 'pending',
        attempts: 0,
      });
      expect(log.count('OrderItemList_Cancel', mark)).toBe(0);
      proxy.releaseHeld();
      expect((await shipmentSettled(one.orderId, shipped.body.id as string)).status).toBe('sent');
      expect((await api.settled('cancellations', one.orderId, cxl.body.id as string)).status).toBe(
        'sent',
      );
      expect(log.firstOf('OrderItemList_Cancel', mark)).toBeGreaterThan(
        log.firstOf('OrderShipmentList_Update', mark),
      );

      // A cancellation's answer is held; a shipment of another line waits for it.
      const two = await seedLines(env, proxiedStore, [1, 1]);
      const [c, d] = [two.order.items?.[0], two.order.items?.[1]];
      const mark2 = log.lastSeq();
      proxy.held = 0;
      proxy.holdWhen = (body) => body.includes('OrderItemList_Cancel');
      const cxl2 = await api
        .post('cancellations', two.orderId, {
          cancellationRef: 'ORDER-CXL-2',
          lines: [{ lineId: line(c), quantity: 1 }],
        })
        .expect(202);
      await proxy.whenHeld();
      proxy.holdWhen = null;
      const shipped2 = await ship(two.orderId, {
        shipmentRef: 'ORDER-SHIP-2',
        lines: [{ lineId: line(d), quantity: 1 }],
      }).expect(202);
      await shipments.nextRound();
      await shipments.nextRound();
      expect(await shipment(two.orderId, shipped2.body.id as string)).toMatchObject({
        status: 'pending',
        attempts: 0,
      });
      expect(log.count('OrderItemList_CreateShipment', mark2)).toBe(0);
      proxy.releaseHeld();
      expect((await api.settled('cancellations', two.orderId, cxl2.body.id as string)).status).toBe(
        'sent',
      );
      expect((await shipmentSettled(two.orderId, shipped2.body.id as string)).status).toBe('sent');
      expect(log.count('OrderItemList_Cancel', mark2)).toBe(1);
      expect(log.firstOf('OrderItemList_CreateShipment', mark2)).toBeGreaterThan(
        log.firstOf('OrderItemList_Cancel', mark2),
      );
    });
  });

  it('exposes the queue depth and outcomes as metrics', async () => {
    const res = await request(env.t.server).get('/metrics').expect(200);
    expect(res.text).toMatch(/relay_queue_depth\{queue="order_changes",status="pending"\} \d+/);
    expect(res.text).toMatch(/relay_jobs_total\{queue="order_changes",outcome="sent"\} [1-9]/);
    expect(res.text).toMatch(/relay_jobs_total\{queue="order_changes",outcome="failed"\} [1-9]/);
  });
});
