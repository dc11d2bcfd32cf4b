import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  ingestSettingsOf,
  OrderIngestService,
} from '../../src/modules/orders/order-ingest.service';
import { OrderEntity } from '../../src/modules/orders/order.entity';
import { StoreEntity } from '../../src/modules/stores/store.entity';
import { generateOrders } from '../../src/simulator/order-generator';
import { insertStore } from '../support/store-fixtures';
import { ADMIN_KEY, bearer, startTestApp, TestApp } from '../support/test-app';
import { remapNow } from './remap-support';

describe('mapping configuration and remap', () => {
  let t: TestApp;
  let store: StoreEntity;
  const orders = generateOrders({ count: 40, seed: 11 });

  const storedOrders = async (): Promise<OrderEntity[]> =>
    t.bridge.app
      .get(DataSource)
      .getRepository(OrderEntity)
      .find({ where: { storeId: store.id } });

  beforeAll(async () => {
    t = await startTestApp();
    store = await insertStore(t.bridge);
    await t.bridge.app.get(OrderIngestService).ingest(ingestSettingsOf(store), orders);
  });

  afterAll(async () => {
    await t.close();
  });

  it('stores custom-field mappings and applies them to stored orders on remap', async () => {
    const before = await storedOrders();
    expect(before).toHaveLength(40);
    expect(before.every((o) => o.revision === 1)).toBe(true);
    expect(before.every((o) => Object.keys(o.mapped.customFields).length === 0)).toBe(true);

    const mappings = [
      {
        mivaField: 'customfields:SignifydGuaranteeDisposition',
        omsField: 'signifydGuaranteeDisposition',
      },
    ];
    await request(t.server)
      .put(`/api/v1/stores/${store.id}/mappings/custom-fields`)
      .set(bearer(ADMIN_KEY))
      .send(mappings)
      .expect(200, mappings);
    await request(t.server)
      .get(`/api/v1/stores/${store.id}/mappings/custom-fields`)
      .set(bearer(ADMIN_KEY))
      .expect(200, mappings);

    const withSignifyd = orders.filter(
      (o) => o.CustomField_Values?.customfields?.SignifydGuaranteeDisposition !== undefined,
    );
    expect(withSignifyd.length).toBeGreaterThan(0);

    const remap = await remapNow(t, store.id);
    expect(remap).toMatchObject({
      trigger: 'remap',
      status: 'succeeded',
      ordersSeen: 40,
      ordersUpdated: withSignifyd.length,
      ordersCreated: 0,
      ordersFailed: 0,
      ordersAcknowledged: 0,
      error: null,
    });

    const after = new Map((await storedOrders()).map((o) => [o.mivaOrderId, o]));
    for (const order of withSignifyd) {
      const stored = after.get(order.id)!;
      expect(stored.revision).toBe(2);
      expect(stored.mapped.customFields).toEqual({
        signifydGuaranteeDisposition:
          order.CustomField_Values?.customfields?.SignifydGuaranteeDisposition,
      });
    }

    // Remapping again with nothing changed creates no revision.
    const again = await remapNow(t, store.id);
    expect(again).toMatchObject({ status: 'succeeded', ordersSeen: 40, ordersUpdated: 0 });
  });

  it('overrides payment recognition with a store payment mapping', async () => {
    // A payment recognised as something other than Square, remapped to Square by the override.
    const before = await storedOrders();
    const target = before
      .flatMap((o) => o.mapped.payments.map((p) => ({ order: o, payment: p })))
      .find(({ payment }) => payment.gateway !== 'square' && payment.mivaModule)!;
    const payment = {
      id: target.payment.sourcePaymentId,
      module: { code: target.payment.mivaModule! },
    };
    const order = { id: target.order.mivaOrderId };
    const mapping = [{ mivaModule: payment.module.code.toUpperCase(), gateway: 'square' }];
    await request(t.server)
      .put(`/api/v1/stores/${store.id}/mappings/payments`)
      .set(bearer(ADMIN_KEY))
      .send(mapping)
      .expect(200, mapping);
    expect(await remapNow(t, store.id)).toMatchObject({ status: 'succeeded' });
    const stored = (await storedOrders()).find((o) => o.mivaOrderId === order.id)!;
    const mapped = stored.mapped.payments.find((p) => p.sourcePaymentId === payment.id)!;
    expect(mapped.gateway).toBe('square');
  });

  it('rejects invalid mappings with one detail per bad field, and unknown stores with 404', async () => {
    const bad = await request(t.server)
      .put(`/api/v1/stores/${store.id}/mappings/custom-fields`)
      .set(bearer(ADMIN_KEY))
      .send([{ mivaField: 'no-module', omsField: '1bad', extra: true }])
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.length).toBeGreaterThanOrEqual(2);

    const dup = await request(t.server)
      .put(`/api/v1/stores/${store.id}/mappings/payments`)
      .set(bearer(ADMIN_KEY))
      .send([
        { mivaModule: 'acme', gateway: 'bolt' },
        { mivaModule: 'ACME', gateway: 'square' },
      ])
      .expect(400);
    expect(dup.body.error.details[0].field).toBe('[1].mivaModule');

    await request(t.server)
      .put(`/api/v1/stores/${store.id}/mappings/payments`)
      .set(bearer(ADMIN_KEY))
      .send([{ mivaModule: 'acme', gateway: 'visa-direct' }])
      .expect(400);

    await request(t.server)
      .get('/api/v1/stores/00000000-0000-4000-8000-000000000000/mappings/payments')
      .set(bearer(ADMIN_KEY))
      .expect(404);
  });

  it('enforces the config:write scope and store scoping', async () => {
    const readOnly = await request(t.server)
      .post('/api/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ name: 'reader', scopes: ['orders:read'] })
      .expect(201);
    await request(t.server)
      .get(`/api/v1/stores/${store.id}/mappings/payments`)
      .set(bearer(readOnly.body.key))
      .expect(403);

    const otherStore = await request(t.server)
      .post('/api/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({
        name: 'other',
        scopes: ['config:write'],
        storeIds: ['00000000-0000-4000-8000-000000000001'],
      })
      .expect(201);
    await request(t.server)
      .post(`/api/v1/stores/${store.id}/remap`)
      .set(bearer(otherStore.body.key))
      .expect(404);
  });
});
