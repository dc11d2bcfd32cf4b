// Idempotency keys mean the same request, for all four kinds: the same cancellationRef,
// backorderRef or shipmentRef again is answered with the same record and never reaches Miva a
// second time; with different content it is 409 IDEMPOTENCY_CONFLICT and changes nothing; a
// repeated inventory eventId with another identifier or delta is listed in `conflicts`.
import request from 'supertest';
import { first, must } from '../../src/common/must';
import {
  eventually,
  insertSimulatorStore,
  RelayEnv,
  startRelayEnv,
} from '../shipments/relay-fixtures';
import { admin, callLog, changeApi, seedLines, simOrder } from './change-support';

describe('idempotency keys: the same key is the same request', () => {
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

  it('the same cancellationRef and backorderRef again: the same record, one Miva call each', async () => {
    const { orderId, order } = await seedLines(env, storeId, [2, 2]);
    const [a, b] = [must(order.items?.[0], 'a'), must(order.items?.[1], 'b')];
    const mark = log.lastSeq();
    const cancellation = {
      cancellationRef: 'SAME-CXL',
      lines: [{ lineId: `L${a.line_id}`, quantity: 1 }],
      reason: 'Customer request',
    };
    const backorder = {
      backorderRef: 'SAME-BO',
      lines: [{ lineId: `L${b.line_id}`, quantity: 2 }],
      expectedAt: '2026-12-20T00:00:00Z',
    };
    const c1 = await api.post('cancellations', orderId, cancellation).expect(202);
    const c2 = await api.post('cancellations', orderId, cancellation).expect(200);
    expect(c2.body.id).toBe(c1.body.id);
    const b1 = await api.post('backorders', orderId, backorder).expect(202);
    // The same instant written another way is the same request.
    const b2 = await api
      .post('backorders', orderId, { ...backorder, expectedAt: '2026-12-20T00:00:00.000Z' })
      .expect(200);
    expect(b2.body.id).toBe(b1.body.id);

    await api.settled('cancellations', orderId, c1.body.id as string);
    await api.settled('backorders', orderId, b1.body.id as string);
    // Once sent, the same request again is still the same record, now sent.
    const later = await api.post('cancellations', orderId, cancellation).expect(200);
    expect(later.body).toMatchObject({ id: c1.body.id, status: 'sent' });
    expect((await api.post('backorders', orderId, backorder).expect(200)).body).toMatchObject({
      id: b1.body.id,
      status: 'sent',
    });
    expect(await api.list('cancellations', orderId)).toHaveLength(1);
    expect(await api.list('backorders', orderId)).toHaveLength(1);
    expect(log.count('OrderItemList_Cancel', mark)).toBe(1);
    expect(log.count('OrderItemList_BackOrder', mark)).toBe(1);
    expect(log.count('OrderItem_Split', mark)).toBe(1);
  });

  it('a cancellationRef or backorderRef with different content is 409 and changes nothing', async () => {
    const { orderId, mivaOrderId, order } = await seedLines(env, storeId, [3, 3]);
    const [a, b] = [`L${must(order.items?.[0], 'a').line_id}`, `L${order.items?.[1]?.line_id}`];
    const mark = log.lastSeq();
    const c = await api
      .post('cancellations', orderId, {
        cancellationRef: 'DIFF-CXL',
        lines: [{ lineId: a, quantity: 1 }],
        reason: 'Out of stock',
      })
      .expect(202);
    for (const [body, fields] of [
      [{ lines: [{ lineId: a, quantity: 1 }], reason: 'Customer request' }, ['reason']],
      [{ lines: [{ lineId: a, quantity: 2 }], reason: 'Out of stock' }, ['lines']],
      [{ lines: [{ lineId: b, quantity: 1 }] }, ['lines', 'reason']],
    ] as const) {
      const res = await api
        .post('cancellations', orderId, { cancellationRef: 'DIFF-CXL', ...body })
        .expect(409);
      expect(res.body.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(fields);
    }
    const bo = await api
      .post('backorders', orderId, {
        backorderRef: 'DIFF-BO',
        lines: [{ lineId: b, quantity: 1 }],
        expectedAt: '2026-12-20T00:00:00Z',
      })
      .expect(202);
    const conflict = await api
      .post('backorders', orderId, {
        backorderRef: 'DIFF-BO',
        lines: [{ lineId: b, quantity: 1 }],
        expectedAt: '2026-12-24T00:00:00Z',
      })
      .expect(409);
    expect(conflict.body.error).toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      details: [expect.objectContaining({ field: 'expectedAt' })],
    });
    // The ref of a cancellation is not the ref of a backorder: the same text is another key.
    await api
      .post('backorders', orderId, {
        backorderRef: 'DIFF-CXL',
        lines: [{ lineId: a, quantity: 1 }],
      })
      .expect(202);

    const cancellations = await api.list('cancellations', orderId);
    expect(cancellations).toEqual([
      expect.objectContaining({
        id: c.body.id,
        reason: 'Out of stock',
        lines: [expect.objectContaining({ quantity: 1 })],
      }),
    ]);
    const sent = await api.settled('backorders', orderId, bo.body.id as string);
    expect(sent).toMatchObject({ status: 'sent', expectedAt: '2026-12-20T00:00:00.000Z' });
    await api.settled('cancellations', orderId, c.body.id as string);
    const live = await simOrder(env, mivaOrderId);
    // Miva got the first content only: one cancelled unit with its reason, the first date.
    expect(live.items?.filter((i) => i.status === 300).map((i) => i.quantity)).toEqual([1]);
    const backordered = live.items?.find((i) => i.line_id === sent.lines[0]?.mivaLineId);
    expect(backordered).toMatchObject({ status: 400, dt_instock: Date.UTC(2026, 11, 20) / 1000 });
    expect(log.count('OrderItemList_Cancel', mark)).toBe(1);
  });

  it('a shipmentRef with different content is 409 and changes nothing', async () => {
    const { orderId, mivaOrderId, order } = await seedLines(env, storeId, [2]);
    const lineId = `L${must(order.items?.[0], 'the item').line_id}`;
    const post = (body: Record<string, unknown>) =>
      request(env.t.server)
        .post(`/api/v1/orders/${orderId}/shipments`)
        .set(admin)
        .send({ shipmentRef: 'DIFF-SHIP', ...body });
    const original = {
      lines: [{ lineId, quantity: 1 }],
      carrier: 'UPS',
      trackingNumber: '1Z-FIRST',
      cost: '7.10',
    };
    const created = await post(original).expect(202);
    // An OMS correcting the tracking number under the same ref is told, not ignored.
    const corrected = await post({ ...original, trackingNumber: '1Z-SECOND' }).expect(409);
    expect(corrected.body.error).toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      details: [expect.objectContaining({ field: 'trackingNumber' })],
    });
    for (const [change, field] of [
      [{ lines: [{ lineId, quantity: 2 }] }, 'lines'],
      [{ carrier: 'FedEx' }, 'carrier'],
      [{ cost: '7.11' }, 'cost'],
      [{ markShipped: false }, 'markShipped'],
    ] as const) {
      const res = await post({ ...original, ...change }).expect(409);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
    // The same content (explicit defaults included) is the same shipment.
    const again = await post({ ...original, markShipped: true }).expect(200);
    expect(again.body.id).toBe(created.body.id);

    const sent = await eventually(
      async () => {
        const res = await request(env.t.server)
          .get(`/api/v1/orders/${orderId}/shipments`)
          .set(admin)
          .expect(200);
        const list = res.body as { id: string; status: string; trackingNumber: string }[];
        return list.length === 1 && list[0]?.status === 'sent' ? list[0] : undefined;
      },
      20_000,
      'the shipment to be sent',
    );
    expect(sent).toMatchObject({ id: created.body.id, trackingNumber: '1Z-FIRST' });
    const shipments = (await simOrder(env, mivaOrderId)).shipments ?? [];
    expect(shipments).toHaveLength(1);
    expect(first(shipments)).toMatchObject({ tracknum: '1Z-FIRST', tracktype: 'UPS', cost: 7.1 });
  });

  it('a repeated inventory eventId with another identifier or delta is listed in conflicts', async () => {
    const eventId = `conflict-${Date.now()}`;
    const stock = (sku: string): number =>
      first(env.sim.state.findProduct({ sku }), sku).product_inventory!;
    const before = stock('MUG-001');
    const post = (adjustments: Record<string, unknown>[]) =>
      request(env.t.server)
        .post('/api/v1/inventory/adjustments')
        .set(admin)
        .send({ storeId, adjustments });
    await post([{ eventId, identifier: 'MUG-001', delta: 5 }])
      .expect(202)
      .expect({ accepted: 1, duplicates: 0, conflicts: [] });
    await post([
      { eventId, identifier: 'MUG-001', delta: 5 },
      { eventId, identifier: 'MUG-001', delta: 6 },
      { eventId, identifier: 'CAP-001', delta: 5 },
    ])
      .expect(202)
      .expect({
        accepted: 0,
        duplicates: 1,
        conflicts: [
          {
            eventId,
            identifier: 'MUG-001',
            delta: 6,
            recorded: { identifier: 'MUG-001', delta: 5 },
          },
          {
            eventId,
            identifier: 'CAP-001',
            delta: 5,
            recorded: { identifier: 'MUG-001', delta: 5 },
          },
        ],
      });
    // Only the first is applied, once.
    await eventually(
      async () => {
        const res = await request(env.t.server)
          .get('/api/v1/inventory/adjustments')
          .query({ storeId })
          .set(admin)
          .expect(200);
        const events = (res.body as { eventId: string; status: string }[]).filter(
          (e) => e.eventId === eventId,
        );
        return events.length === 1 && events[0]?.status === 'sent' ? true : undefined;
      },
      20_000,
      'the event to be sent',
    );
    expect(stock('MUG-001')).toBe(before + 5);
  });
});
