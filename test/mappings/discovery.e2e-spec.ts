// Mapping discovery and preview (docs/REST.md, "Mappings and remap"): what the stored raw orders
// carry, counted over the database, and one order mapped with trial mappings, saving nothing.
import { Client } from 'pg';
import request from 'supertest';
import { atLeast, first } from '../../src/common/must';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import {
  ingestSettingsOf,
  OrderIngestService,
} from '../../src/modules/orders/order-ingest.service';
import type { StoreEntity } from '../../src/modules/stores/store.entity';
import { generateOrders } from '../../src/simulator/order-generator';
import { insertStore } from '../support/store-fixtures';
import { ADMIN_KEY, bearer, startTestApp, TestApp } from '../support/test-app';
import { syncRuns } from './remap-support';

const admin = bearer(ADMIN_KEY);
const LONG_NOTE = `Please leave the parcel with the neighbours at number 12 ${'and ring twice '.repeat(6)}`;
const TYPED_PAN = '4111 1111 1111 1111';

interface DiscoveredField {
  mivaField: string;
  orders: number;
  lastSeenAt: string;
  example: string;
}

interface DiscoveredPayment {
  mivaModule: string;
  name: string;
  provider: string;
  payments: number;
  recognisedAs: string;
  mappedTo: string | null;
}

/**
 * The expected discovery, worked out from the orders themselves: every field except the
 * orderworkflow flags, its order count, and the value of the newest order with a non-empty one.
 */
function expectedFields(orders: readonly MivaOrder[]): Omit<DiscoveredField, 'lastSeenAt'>[] {
  const fields = new Map<string, { orders: number; example: string; newest: number }>();
  for (const order of orders) {
    const values = order.CustomField_Values;
    if (values === undefined || Array.isArray(values)) {
      continue;
    }
    for (const [module, codes] of Object.entries(values)) {
      if (module === 'orderworkflow' || codes === null || typeof codes !== 'object') {
        continue;
      }
      for (const [code, value] of Object.entries(codes as Record<string, unknown>)) {
        const key = `${module}:${code}`;
        const entry = fields.get(key) ?? { orders: 0, example: '', newest: -1 };
        entry.orders += 1;
        if (value !== '' && value !== null && order.id > entry.newest) {
          // Generated orders hold strings and numbers only.
          entry.example = typeof value === 'string' ? value : JSON.stringify(value);
          entry.newest = order.id;
        }
        fields.set(key, entry);
      }
    }
  }
  return [...fields]
    .map(([mivaField, f]) => ({ mivaField, orders: f.orders, example: f.example }))
    .sort((a, b) => b.orders - a.orders || (a.mivaField < b.mivaField ? -1 : 1));
}

describe('mapping discovery and preview', () => {
  let t: TestApp;
  let db: Client;
  let store: StoreEntity;
  let orders: MivaOrder[];
  let notedOrder: MivaOrder;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.database.url });
    await db.connect();
    store = await insertStore(t.bridge);
    orders = generateOrders({ count: 80, seed: 41 });
    // The newest orders: a long note with a card number typed in, and an empty collection as
    // Miva's JSON writer renders it.
    const [noted, empty] = atLeast(
      generateOrders({ count: 2, seed: 42, firstOrderId: 900_000 }),
      2,
      'the newest orders',
    );
    notedOrder = {
      ...noted,
      CustomField_Values: {
        customfields: { delivery_note: `${LONG_NOTE} card ${TYPED_PAN}` },
        orderworkflow: { new_and_updated: '1' },
      },
    };
    orders.push(notedOrder, {
      ...empty,
      CustomField_Values: [] as unknown as MivaOrder['CustomField_Values'],
    });
    await t.bridge.app.get(OrderIngestService).ingest(ingestSettingsOf(store), orders);
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it('lists every custom field with its order count and newest example, most frequent first', async () => {
    const res = await request(t.server)
      .get(`/api/v1/stores/${store.id}/mappings/custom-fields/discovered`)
      .set(admin)
      .expect(200);
    const found = res.body as DiscoveredField[];
    const expected = expectedFields(orders).map((f) => ({
      ...f,
      example:
        f.mivaField === 'customfields:delivery_note'
          ? expect.stringMatching(/^Please leave the parcel/)
          : f.example,
      lastSeenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    }));
    expect(found).toEqual(expected);
    expect(found.map((f) => f.mivaField)).toEqual(
      expect.arrayContaining([
        'customfields:SignifydGuaranteeDisposition',
        'customfields:gift_msg',
      ]),
    );
    expect(found.some((f) => f.mivaField.startsWith('orderworkflow:'))).toBe(false);
    // Sorted by count, and the counts are what the orders hold.
    expect(found.map((f) => f.orders)).toEqual(
      [...found.map((f) => f.orders)].sort((a, b) => b - a),
    );

    const note = found.find((f) => f.mivaField === 'customfields:delivery_note');
    expect(note?.orders).toBe(1);
    expect(Array.from(note?.example ?? '')).toHaveLength(80);
    expect(note?.example.endsWith('…')).toBe(true);
    const lastSeen = Date.parse(first(found).lastSeenAt);
    expect(Math.abs(Date.now() - lastSeen)).toBeLessThan(10 * 60_000);
  });

  it('never shows a card number typed into a field', async () => {
    // Raw orders are scrubbed before they are written (src/mappers/raw-order-scrub.ts); this row
    // is written past the scrub, so only the discovery's own masking stands between it and the
    // answer.
    const setNote = (note: string) =>
      db.query(`UPDATE miva_orders SET raw = $3::json WHERE store_id = $1 AND miva_order_id = $2`, [
        store.id,
        notedOrder.id,
        JSON.stringify({
          ...notedOrder,
          CustomField_Values: { customfields: { delivery_note: note } },
        }),
      ]);
    await setNote(`card ${TYPED_PAN} please`);
    const res = await request(t.server)
      .get(`/api/v1/stores/${store.id}/mappings/custom-fields/discovered`)
      .set(admin)
      .expect(200);
    const note = (res.body as DiscoveredField[]).find(
      (f) => f.mivaField === 'customfields:delivery_note',
    );
    expect(note?.example).toBe('card **** **** **** 1111 please');
    await setNote(`${LONG_NOTE} card ${TYPED_PAN}`);
  });

  it('lists every payment module with its payments, recognition and the store override', async () => {
    const expected = new Map<string, { name: string; provider: string; payments: number }>();
    for (const order of orders) {
      for (const p of order.payments ?? []) {
        const m = p.module;
        if (m === undefined) {
          continue;
        }
        const entry = expected.get(m.code) ?? { name: m.name, provider: m.provider, payments: 0 };
        entry.payments += 1;
        expected.set(m.code, entry);
      }
    }
    expect(expected.has('acmepay') && expected.has('braintree')).toBe(true);

    await request(t.server)
      .put(`/api/v1/stores/${store.id}/mappings/payments`)
      .set(admin)
      .send([{ mivaModule: 'AcmePay', gateway: 'braintree' }])
      .expect(200);
    const res = await request(t.server)
      .get(`/api/v1/stores/${store.id}/mappings/payments/discovered`)
      .set(admin)
      .expect(200);
    const found = res.body as DiscoveredPayment[];
    expect(
      new Map(
        found.map((f) => [
          f.mivaModule,
          { name: f.name, provider: f.provider, payments: f.payments },
        ]),
      ),
    ).toEqual(expected);
    expect(found.map((f) => f.payments)).toEqual(
      [...found.map((f) => f.payments)].sort((a, b) => b - a),
    );
    expect(found.find((f) => f.mivaModule === 'acmepay')).toMatchObject({
      recognisedAs: 'generic',
      mappedTo: 'braintree',
    });
    expect(found.find((f) => f.mivaModule === 'braintree')).toMatchObject({
      recognisedAs: 'braintree',
      mappedTo: null,
    });
    await request(t.server)
      .put(`/api/v1/stores/${store.id}/mappings/payments`)
      .set(admin)
      .send([])
      .expect(200);
  });

  it('previews an order with trial mappings and changes nothing', async () => {
    const target = first(
      orders.filter((o) => typeof o.CustomField_Values?.customfields?.gift_msg === 'string'),
    );
    const before = await request(t.server)
      .get(`/api/v1/stores/${store.id}/orders/${target.id}`)
      .set(admin)
      .expect(200);
    const runsBefore = await syncRuns(t, store.id);

    const res = await request(t.server)
      .post(`/api/v1/stores/${store.id}/mappings/preview`)
      .set(admin)
      .send({
        mivaOrderId: target.id,
        customFields: [{ mivaField: 'customfields:gift_msg', omsField: 'giftMessage' }],
        payments: [{ mivaModule: 'acmepay', gateway: 'bolt' }],
      })
      .expect(200);
    expect(res.body.current).toEqual(before.body);
    expect(res.body.current.customFields).toEqual({});
    expect(res.body.preview).toEqual({
      ...before.body,
      customFields: { giftMessage: target.CustomField_Values?.customfields?.gift_msg },
      payments: expect.any(Array),
    });
    const acme = (res.body.preview.payments as { mivaModule: string; gateway: string }[]).filter(
      (p) => p.mivaModule === 'acmepay',
    );
    expect(acme.every((p) => p.gateway === 'bolt')).toBe(true);

    // Nothing saved: the order, its revision, the mappings, no run.
    const after = await request(t.server)
      .get(`/api/v1/stores/${store.id}/orders/${target.id}`)
      .set(admin)
      .expect(200);
    expect(after.body).toEqual(before.body);
    await request(t.server)
      .get(`/api/v1/stores/${store.id}/mappings/custom-fields`)
      .set(admin)
      .expect(200, []);
    expect(await syncRuns(t, store.id)).toEqual(runsBefore);

    // Lists omitted: the saved mappings, so the preview is the order as stored.
    const saved = await request(t.server)
      .post(`/api/v1/stores/${store.id}/mappings/preview`)
      .set(admin)
      .send({ mivaOrderId: target.id })
      .expect(200);
    expect(saved.body.preview).toEqual(saved.body.current);
  });

  it('answers 404 for an order not stored, 400 for invalid entries, 422 for an order that does not map', async () => {
    const preview = (body: unknown) =>
      request(t.server)
        .post(`/api/v1/stores/${store.id}/mappings/preview`)
        .set(admin)
        .send(body as object);

    const missing = await preview({ mivaOrderId: 123 }).expect(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');

    const bad = await preview({
      mivaOrderId: first(orders).id,
      customFields: [
        { mivaField: 'no-module', omsField: 'x' },
        { mivaField: 'customfields:a', omsField: 'a', extra: 1 },
      ],
      payments: [{ mivaModule: 'acme', gateway: 'visa-direct' }],
    }).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining([
        'customFields.0.mivaField',
        'customFields.1.extra',
        'payments.0.gateway',
      ]),
    );
    const dup = await preview({
      mivaOrderId: first(orders).id,
      customFields: [
        { mivaField: 'customfields:a', omsField: 'a' },
        { mivaField: 'customfields:a', omsField: 'b' },
      ],
    }).expect(400);
    expect(dup.body.error.details).toEqual([
      { field: 'customFields.1.mivaField', message: 'mivaField "customfields:a" is mapped twice' },
    ]);
    await preview({ customFields: [] }).expect(400);

    const broken = orders[1];
    await db.query(
      `UPDATE miva_orders SET raw = $3::json WHERE store_id = $1 AND miva_order_id = $2`,
      [store.id, broken?.id, JSON.stringify({ ...broken, total: 'not money' })],
    );
    const failed = await preview({ mivaOrderId: broken?.id }).expect(422);
    expect(failed.body.error.code).toBe('MAPPING_FAILED');
  });

  it('lets orders:read keys discover but not preview, and only within their stores', async () => {
    const key = async (scopes: string[], storeIds?: string[]): Promise<string> =>
      (
        await request(t.server)
          .post('/api/v1/api-keys')
          .set(admin)
          .send({ name: `k-${scopes.join('-')}`, scopes, storeIds })
          .expect(201)
      ).body.key;
    const reader = bearer(await key(['orders:read']));
    const shipper = bearer(await key(['shipments:write']));
    const elsewhere = bearer(await key(['config:write'], ['00000000-0000-4000-8000-000000000001']));
    for (const path of ['custom-fields/discovered', 'payments/discovered']) {
      const url = `/api/v1/stores/${store.id}/mappings/${path}`;
      await request(t.server).get(url).set(reader).expect(200);
      await request(t.server).get(url).set(shipper).expect(403);
      await request(t.server).get(url).set(elsewhere).expect(404);
    }
    const previewUrl = `/api/v1/stores/${store.id}/mappings/preview`;
    await request(t.server)
      .post(previewUrl)
      .set(reader)
      .send({ mivaOrderId: first(orders).id })
      .expect(403);
    await request(t.server)
      .post(previewUrl)
      .set(elsewhere)
      .send({ mivaOrderId: first(orders).id })
      .expect(404);
  });
});
