// The simulator over HTTP: orders, queues, shipments, inventory, custom fields, the control API,
// injected faults and the CLI.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { atLeast, first, must } from '../../src/common/must';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator';
import { ALL_COLUMNS, control, type Json, mivaCall } from './sim-client';

const queueQuery = (queue: string, extra: Record<string, unknown> = {}) => ({
  Function: 'Module',
  Module_Code: 'orderworkflow',
  Module_Function: 'QueueOrderList_Load_Query',
  Queue_Code: queue,
  ...extra,
});
const ack = (ids: unknown) => ({
  Function: 'Module',
  Module_Code: 'orderworkflow',
  Module_Function: 'OrderList_Acknowledge',
  Order_IDs: ids,
});
const odc = (cols: string[]) => ({ name: 'ondemandcolumns', value: cols });
const byId = (id: number) => ({
  name: 'search',
  value: [{ field: 'id', operator: 'EQ', value: id }],
});

describe('Miva simulator over HTTP', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator({ orders: 40, seed: 11 });
  });
  afterEach(async () => {
    await sim.close();
  });

  describe('OrderList_Load_Query', () => {
    it('returns only the on-demand columns asked for', async () => {
      const bare = await mivaCall(sim, { Function: 'OrderList_Load_Query', Count: 1 });
      const o = bare.json.data.data[0];
      for (const k of [
        'items',
        'payments',
        'charges',
        'customer',
        'CustomField_Values',
        'ship_method',
        'payment_module',
      ]) {
        expect(o).not.toHaveProperty(k);
      }
      expect(bare.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const some = await mivaCall(sim, {
        Function: 'OrderList_Load_Query',
        Count: 1,
        Filter: [odc(['items', 'CustomField_Values:customfields:SignifydGuaranteeDisposition'])],
      });
      const s = some.json.data.data[0];
      expect(Array.isArray(s.items)).toBe(true);
      expect(s.items[0]).not.toHaveProperty('parts');
      expect(s).not.toHaveProperty('payments');
      expect(Object.keys(s.CustomField_Values)).toEqual(['customfields']);
      expect(Object.keys(s.CustomField_Values.customfields)).toEqual([
        'SignifydGuaranteeDisposition',
      ]);
    });

    it('decrypts payment_data only with the right Passphrase', async () => {
      const mod10 = [...sim.state.orders.values()].find((r) =>
        r.order.payments?.some((p) => p.module?.code === 'mod10'),
      )!.order.id;
      const load = (extra: Record<string, unknown>) =>
        mivaCall(sim, {
          Function: 'OrderList_Load_Query',
          Filter: [byId(mod10), odc(['payments', 'payment_data'])],
          ...extra,
        }).then((r) => r.json.data.data[0].payments.find((p: Json) => p.module.code === 'mod10'));
      const none = await load({});
      expect(none.decrypt_status).toBe('not_decrypted');
      expect(none.data).toEqual({});
      expect((await load({ Passphrase: 'wrong' })).decrypt_status).toBe('not_decrypted');
      const ok = await load({ Passphrase: sim.passphrase });
      expect(ok.decrypt_status).toBe('decrypted');
      expect(ok.data.number).toMatch(/^\d{15,16}$/);
      const other = await mivaCall(sim, {
        Function: 'OrderList_Load_Query',
        Count: 5,
        Filter: [odc(['payments'])],
      });
      expect(other.json.data.data[0].payments[0]).not.toHaveProperty('data');
    });

    it('filters, sorts and pages', async () => {
      const r = await mivaCall(sim, {
        Function: 'OrderList_Load_Query',
        Sort: '-total',
        Count: 3,
        Offset: 1,
        Filter: [
          { name: 'search', value: [{ field: 'status', operator: 'IN', value: '0,100' }] },
          { name: 'search', value: [{ field: 'total', operator: 'GT', value: '10' }] },
        ],
      });
      const expected = [...sim.state.orders.values()]
        .map((x) => x.order)
        .filter((o) => [0, 100].includes(o.status) && o.total > 10);
      expect(r.json.data.total_count).toBe(expected.length);
      const totals = r.json.data.data.map((o: Json) => o.total);
      expect(totals).toEqual([...totals].sort((a, b) => b - a));
      expect(r.json.data.data).toHaveLength(3);
      const custom = await mivaCall(sim, {
        Function: 'OrderList_Load_Query',
        Filter: [{ name: 'product_code', value: 'KIT-STARTER' }, odc(['items', 'parts'])],
      });
      expect(custom.json.data.total_count).toBeGreaterThan(0);
      for (const o of custom.json.data.data) {
        const kit = o.items.find((i: Json) => i.code === 'KIT-STARTER');
        expect(kit.parts.map((p: Json) => p.total_quantity)).toEqual(
          kit.parts.map((p: Json) => p.quantity * kit.quantity),
        );
      }
    });
  });

  describe('order queues', () => {
    it('keeps read orders queued until acknowledged, then moves them to successfully_retrieved_orders', async () => {
      const page = await mivaCall(
        sim,
        queueQuery('new_and_updated', {
          Count: 10,
          Filter: [odc(['CustomField_Values:orderworkflow:*'])],
        }),
      );
      expect(page.json.data.total_count).toBe(40);
      expect(page.json.data.data[0].CustomField_Values.orderworkflow).toEqual({
        new_and_updated: '1',
        successfully_retrieved_orders: '',
      });
      const again = await mivaCall(sim, queueQuery('new_and_updated', { Count: 10 }));
      expect(again.json.data.total_count).toBe(40);
      const ids = page.json.data.data.map((o: Json) => o.id);
      const a = await mivaCall(sim, ack([...ids, 999]));
      expect(a.json).toEqual({
        success: 1,
        processed: 11,
        warnings: [{ identifier: '999', code: 'MER-UTIL-ORWF-00180', message: 'Order not found' }],
      });
      const after = await mivaCall(sim, queueQuery('new_and_updated', { Count: 0 }));
      expect(after.json.data.total_count).toBe(30);
      const moved = await mivaCall(sim, {
        Function: 'OrderList_Load_Query',
        Filter: [byId(ids[0]), odc(['CustomField_Values:*'])],
      });
      expect(moved.json.data.data[0].CustomField_Values.orderworkflow).toEqual({
        new_and_updated: '',
        successfully_retrieved_orders: '1',
      });
      const pipes = await mivaCall(sim, ack(`${ids[1]}|${ids[2]}`));
      expect(pipes.json).toEqual({ success: 1, processed: 2 });
    });

    it('supports Queue_ID, reports unknown queues, and the retrieve-moves workflow setup', async () => {
      expect((await mivaCall(sim, queueQuery('nope'))).json).toEqual({
        success: 0,
        error_code: 'MER-UTIL-ORWF-00030',
        error_message: 'Queue not found',
      });
      const byQueueId = await mivaCall(sim, {
        Function: 'Module',
        Module_Code: 'orderworkflow',
        Module_Function: 'QueueOrderList_Load_Query',
        Queue_ID: 2,
        Count: 1,
      });
      expect(byQueueId.json.data.total_count).toBe(0);
      await control(sim, 'PUT', '/workflow', { mode: 'retrieve_moves' });
      await mivaCall(sim, queueQuery('new_and_updated', { Count: 5 }));
      expect((await control(sim, 'GET', '/queues')).new_and_updated).toHaveLength(35);
    });

    it('puts an updated order back into new_and_updated with a newer dt_updated', async () => {
      await mivaCall(sim, ack(sim.state.orderIds()));
      const id = must(sim.state.orderIds()[3], 'order 4');
      const before = sim.state.getOrder(id)!.order.dt_updated!;
      await control(sim, 'PUT', '/faults', { clockSkewSeconds: 120 });
      const updated = await control(sim, 'PATCH', `/orders/${id}`, {
        note: { text: 'Called customer ☎️', admin_user: 'admin' },
      });
      expect(updated.notes.at(-1).notetext).toBe('Called customer ☎️');
      expect(updated.dt_updated).toBeGreaterThan(before);
      const q = await mivaCall(sim, queueQuery('new_and_updated', { Count: 0 }), {
        timestamp: Math.floor(Date.now() / 1000) + 120,
      });
      expect(q.json.data.data.map((o: Json) => o.id)).toEqual([id]);
      const added = await control(sim, 'POST', '/orders', { count: 2, seed: 5 });
      expect(added.ids).toEqual([200041, 200042]);
    });
  });

  describe('shipments and items', () => {
    const pendingOrder = () =>
      [...sim.state.orders.values()]
        .map((r) => r.order)
        .find((o) => (o.items ?? []).length >= 2 && o.items!.every((i) => i.status === 0))!;

    it('creates a shipment, then marks it shipped with tracking that is always overwritten', async () => {
      const o = pendingOrder();
      const [firstItem, second] = atLeast(o.items!, 2, 'items');
      const created = await mivaCall(sim, {
        Function: 'OrderItemList_CreateShipment',
        Order_ID: o.id,
        Line_IDs: [firstItem.line_id, 12345],
      });
      const s = created.json.data;
      expect(s).toMatchObject({ order_id: o.id, status: 100, ship_date: 0, tracknum: '', cost: 0 });
      expect(s.code).toMatch(
        new RegExp(`^${String(o.id).padStart(5, '0')}-\\d{8}-${String(s.id).padStart(5, '0')}$`),
      );
      expect(s.shipment_id).toBe(s.id);
      const none = await mivaCall(sim, {
        Function: 'OrderItemList_CreateShipment',
        Order_ID: o.id,
        Line_IDs: [999],
      });
      expect(none.json.error_code).toBe('MER-JSN-ORD-00057');

      const upd = await mivaCall(sim, {
        Function: 'OrderShipmentList_Update',
        Shipment_Updates: [
          { shpmnt_id: s.id, mark_shipped: true, tracknum: '1Z999', tracktype: 'UPS', cost: 7.1 },
          { shpmnt_id: 987654 },
        ],
      });
      expect(upd.json).toEqual({ success: 1 });
      const load = async () =>
        (
          await mivaCall(sim, {
            Function: 'OrderList_Load_Query',
            Filter: [byId(o.id), odc(['items', 'shipments'])],
          })
        ).json.data.data[0];
      let order = await load();
      expect(order.status).toBe(201);
      expect(order.items.find((i: Json) => i.line_id === firstItem.line_id).status).toBe(200);
      expect(order.items.find((i: Json) => i.line_id === second.line_id).status).toBe(0);
      expect(order.shipments.at(-1)).toMatchObject({
        status: 200,
        tracknum: '1Z999',
        tracktype: 'UPS',
        cost: 7.1,
      });
      expect(order.shipments.at(-1).ship_date).toBeGreaterThan(0);
      expect(order.shipments.at(-1).tracklink).toContain('1Z999');

      await mivaCall(sim, {
        Function: 'OrderShipmentList_Update',
        Shipment_Updates: [{ shpmnt_id: s.id, tracktype: 'UPS' }],
      });
      order = await load();
      expect(order.shipments.at(-1)).toMatchObject({ status: 200, tracknum: '', cost: 0 });
      const missing = await mivaCall(sim, {
        Function: 'OrderShipmentList_Update',
        Shipment_Updates: [{ tracknum: 'x' }],
      });
      expect(missing.json.error_field).toBe('Shipment_Updates[1]:shpmnt_id');
    });

    it('cancels, backorders and splits items with recalculated totals and statuses', async () => {
      const o = pendingOrder();
      const items = o.items!;
      const cancelled = first(items, 'an item');
      const product = sim.state.products.get(cancelled.product_id)!;
      const stockBefore = product.product_inventory ?? 0;
      const totalBefore = o.total;
      const cancel = await mivaCall(sim, {
        Function: 'OrderItemList_Cancel',
        Order_ID: o.id,
        Line_IDs: [cancelled.line_id],
        Reason: 'Out of stock',
      });
      expect(cancel.json.data.total).toBeLessThan(totalBefore);
      expect(cancel.json.data.formatted_total).toMatch(/^\$/);
      if (product.product_inventory_active) {
        expect(product.product_inventory).toBe(stockBefore + cancelled.quantity);
      }
      const bo = await mivaCall(sim, {
        Function: 'OrderItemList_BackOrder',
        Order_ID: o.id,
        Line_IDs: items.slice(1).map((i) => i.line_id),
        Date_InStock: 1900000000,
      });
      expect(bo.json).toEqual({ success: 1 });
      const order = (
        await mivaCall(sim, {
          Function: 'OrderList_Load_Query',
          Filter: [byId(o.id), odc(['items'])],
        })
      ).json.data.data[0];
      expect(order.status).toBe(400);
      expect(order.bord_count).toBe(items.length - 1);
      expect(order.items[0].options.at(-1)).toMatchObject({
        attr_code: 'Cancellation Reason',
        value: 'Out of stock',
      });
      expect(
        (await mivaCall(sim, { Function: 'OrderItemList_Cancel', Line_IDs: [1] })).json.error_code,
      ).toBe('MER-JSN-ORD-00058');

      const multi = [...sim.state.orders.values()]
        .map((r) => r.order)
        .find((x) => x.status === 0 && x.items!.some((i) => i.quantity >= 2))!;
      const line = multi.items!.find((i) => i.quantity >= 2)!;
      const qty = line.quantity;
      const split = await mivaCall(sim, {
        Function: 'OrderItem_Split',
        Order_ID: multi.id,
        Line_ID: line.line_id,
        Quantity: 1,
      });
      expect(split.json.data.original_orderitem.quantity).toBe(qty - 1);
      expect(split.json.data.split_orderitem.quantity).toBe(1);
      expect(split.json.data.split_orderitem.line_id).not.toBe(line.line_id);
      expect(sim.state.getOrder(multi.id)!.order.items!.length).toBeGreaterThan(1);
    });
  });

  describe('products and inventory', () => {
    it('applies inventory deltas only when every element is valid', async () => {
      const [a, b] = atLeast(
        [...sim.state.products.values()].filter((p) => p.product_inventory_active),
        2,
        'tracked products',
      );
      const [ia, ib] = [a.product_inventory!, b.product_inventory!];
      const bad = await mivaCall(sim, {
        Function: 'ProductList_Adjust_Inventory',
        Inventory_Adjustments: [
          { product_code: a.code, adjustment: 5 },
          { product_code: 'NOPE', adjustment: 1 },
        ],
      });
      expect(bad.json).toMatchObject({
        success: 0,
        error_code: 'MER-JSN-00023',
        error_field: 'Inventory_Adjustments[2]:product_code',
        error_field_message: 'Product not found',
      });
      expect(a.product_inventory).toBe(ia);
      const good = await mivaCall(sim, {
        Function: 'ProductList_Adjust_Inventory',
        Inventory_Adjustments: [
          { product_code: a.code, adjustment: 5 },
          { product_sku: b.sku, adjustment: -2 },
        ],
      });
      expect(good.json).toEqual({ success: 1 });
      expect([a.product_inventory, b.product_inventory]).toEqual([ia + 5, ib - 2]);
      const untracked = [...sim.state.products.values()].find((p) => !p.product_inventory_active)!;
      await mivaCall(sim, {
        Function: 'ProductList_Adjust_Inventory',
        Inventory_Adjustments: [{ product_id: untracked.id, adjustment: 7 }],
      });
      expect([untracked.product_inventory_active, untracked.product_inventory]).toEqual([true, 7]);
    });

    it('sets absolute inventory with Product_Update (Iterations) and lists products', async () => {
      const r = await mivaCall(sim, {
        Function: 'Product_Update',
        Iterations: [
          { Product_SKU: 'TEA-JP-01', Product_Inventory: 12 },
          { Product_Code: 'NOPE', Product_Inventory: 1 },
        ],
      });
      expect(r.json[0]).toEqual({ success: 1 });
      expect(r.json[1]).toMatchObject({ success: 0, error_code: 'MER-JSN-PRD-00014' });
      const list = await mivaCall(sim, {
        Function: 'ProductList_Load_Query',
        Filter: [
          { name: 'search', value: [{ field: 'sku', operator: 'EQ', value: 'TEA-JP-01' }] },
          odc(['product_inventory']),
        ],
      });
      expect(list.json.data.data[0]).toMatchObject({
        code: 'SENCHA',
        name: '日本茶 Sencha Green Tea',
        product_inventory: 12,
        product_inventory_active: true,
      });
    });
  });

  describe('custom fields', () => {
    it('lists fields including the queue checkboxes and updates values and queue flags', async () => {
      const fields = await mivaCall(sim, { Function: 'OrderCustomFieldList_Load' });
      const codes = fields.json.data.map((f: Json) => `${f.module.code}:${f.code}`);
      expect(codes).toEqual(
        expect.arrayContaining([
          'customfields:SignifydGuaranteeDisposition',
          'orderworkflow:new_and_updated',
          'orderworkflow:successfully_retrieved_orders',
        ]),
      );
      const id = first(sim.state.orderIds());
      const upd = await mivaCall(sim, {
        Function: 'OrderCustomFields_Update',
        Order_ID: id,
        CustomField_Values: {
          customfields: { SignifydGuaranteeDisposition: 'DECLINED' },
          orderworkflow: { new_and_updated: '0' },
        },
      });
      expect(upd.json).toEqual({ success: 1 });
      const o = (
        await mivaCall(sim, {
          Function: 'OrderList_Load_Query',
          Filter: [byId(id), odc(['CustomField_Values:*'])],
        })
      ).json.data.data[0];
      expect(o.CustomField_Values.customfields.SignifydGuaranteeDisposition).toBe('DECLINED');
      expect(o.CustomField_Values.orderworkflow.new_and_updated).toBe('');
      const unknown = await mivaCall(sim, {
        Function: 'OrderCustomFields_Update',
        Order_ID: id,
        CustomField_Values: { customfields: { nope: 'x' } },
      });
      expect(unknown.json.error_code).toBe('MER-JSN-00018');
      const search = await mivaCall(sim, {
        Function: 'OrderList_Load_Query',
        Filter: [
          {
            name: 'search',
            value: [
              {
                field: 'CustomField_Values:customfields:SignifydGuaranteeDisposition',
                operator: 'EQ',
                value: 'DECLINED',
              },
            ],
          },
        ],
      });
      expect(search.json.data.data.map((x: Json) => x.id)).toContain(id);
    });
  });

  describe('faults and control API', () => {
    it('injects deterministic HTTP failures, truncation, latency and offline answers', async () => {
      await control(sim, 'PUT', '/faults', { failNext: 2, failStatus: 503 });
      const v = { Function: 'MivaMerchantVersion' };
      expect((await mivaCall(sim, v)).status).toBe(503);
      expect((await mivaCall(sim, v)).status).toBe(503);
      expect((await mivaCall(sim, v)).status).toBe(200);
      await control(sim, 'PUT', '/faults', { truncateNext: 1 });
      const cut = await mivaCall(sim, { Function: 'OrderList_Load_Query', Count: 5 });
      expect(cut.status).toBe(200);
      expect(cut.json).toBeUndefined();
      await control(sim, 'PUT', '/faults', { latencyMs: 150 });
      const t0 = Date.now();
      await mivaCall(sim, v);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      await control(sim, 'PUT', '/faults', { latencyMs: 0, apiOffline: true });
      const off = await mivaCall(sim, v);
      expect([off.status, off.json]).toEqual([
        503,
        { success: 0, error_code: 'api_offline', error_message: 'The API is currently offline' },
      ]);
      await control(sim, 'DELETE', '/faults');
      await control(sim, 'PUT', '/faults', { failRate: 0.5, faultSeed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        statuses.push((await mivaCall(sim, v)).status);
      }
      await control(sim, 'PUT', '/faults', { failRate: 0.5, faultSeed: 42 });
      const again: number[] = [];
      for (let i = 0; i < 20; i++) {
        again.push((await mivaCall(sim, v)).status);
      }
      expect(again).toEqual(statuses);
      expect(statuses).toContain(500);
      expect(statuses).toContain(200);
    });

    it('disables the token, skews the clock and logs every call', async () => {
      await control(sim, 'PUT', '/token', { enabled: false });
      expect((await mivaCall(sim, { Function: 'MivaMerchantVersion' })).json.error_message).toBe(
        'Token is disabled',
      );
      await control(sim, 'PUT', '/token', { enabled: true });
      await control(sim, 'PUT', '/faults', { clockSkewSeconds: -300 });
      expect((await mivaCall(sim, { Function: 'MivaMerchantVersion' })).json.error_message).toBe(
        'Timestamp outside configured window',
      );
      await control(sim, 'PUT', '/faults', { clockSkewSeconds: 0 });
      expect(
        (await mivaCall(sim, { Function: 'MivaMerchantVersion' }, { timestamp: null })).json
          .error_message,
      ).toBe('Missing required timestamp');
      const log = await control(sim, 'GET', '/log');
      expect(log.data.map((e: Json) => e.error ?? e.functions.join(','))).toEqual([
        'Token is disabled',
        'Timestamp outside configured window',
        'Missing required timestamp',
      ]);
      await mivaCall(sim, {
        Operations: [
          { Function: 'OrderList_Load_Query', Count: 1 },
          queueQuery('new_and_updated', { Count: 1 }),
        ],
      });
      const last = (await control(sim, 'GET', `/log?since=${log.data.at(-1).seq}`)).data;
      expect(last[0].functions).toEqual([
        'OrderList_Load_Query',
        'Module:orderworkflow:QueueOrderList_Load_Query',
      ]);
      const state = await control(sim, 'GET', '/state');
      expect(state).toMatchObject({
        storeCode: sim.storeCode,
        orders: 40,
        queues: { new_and_updated: 40 },
      });
      await control(sim, 'POST', '/reset', { orders: 3 });
      expect((await control(sim, 'GET', '/orders')).data).toHaveLength(3);
      expect(JSON.stringify((await control(sim, 'GET', '/orders')).data[0])).toContain(
        '"payment_data"'.slice(1, 5),
      );
    });

    it('serves every column for a page of 100 orders', async () => {
      await control(sim, 'POST', '/orders', { count: 80, seed: 9 });
      const r = await mivaCall(sim, {
        Function: 'OrderList_Load_Query',
        Count: 100,
        Filter: [odc(ALL_COLUMNS)],
        Passphrase: sim.passphrase,
      });
      expect(r.json.data.data).toHaveLength(100);
      expect(r.json.data.total_count).toBe(120);
    });
  });
});

describe('simulator CLI', () => {
  it('prints one JSON line first, serves the orders and exits cleanly on SIGTERM', async () => {
    const root = join(__dirname, '..', '..');
    const child = spawn(
      process.execPath,
      [
        join(root, 'node_modules/ts-node/dist/bin.js'),
        '-T',
        '-P',
        'tsconfig.json',
        'src/simulator/main.ts',
        '--port',
        '0',
        '--orders',
        '10',
        '--seed',
        '4',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const info = JSON.parse(first);
    expect(Object.keys(info)).toEqual(['endpointUrl', 'storeCode', 'accessToken', 'signingKey']);
    const sim = {
      ...info,
      controlUrl: info.endpointUrl.replace('/mm5/json.mvc', '/__sim'),
    } as RunningSimulator;
    const q = await mivaCall(sim, queueQuery('new_and_updated', { Count: 0 }));
    expect(q.json.data.total_count).toBe(10);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60000);
});
