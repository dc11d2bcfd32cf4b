// Miva's official Node SDK (`merchantapi`) as the client of the simulator: if the SDK can talk to
// it, so can anything built the way Miva documents.
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator';

// The SDK ships without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const merchantapi = require('merchantapi');
const { Client, requests, models, MultiCallRequest, MultiCallOperation } = merchantapi;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('merchantapi SDK against the simulator', () => {
  let sim: RunningSimulator;
  let client: Json;

  beforeAll(async () => {
    sim = await startSimulator({ orders: 60, seed: 21 });
    client = new Client(sim.endpointUrl, sim.accessToken, sim.signingKey, {
      default_store_code: sim.storeCode,
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('lists orders with on-demand columns, a filter expression and the passphrase', async () => {
    const req = new requests.OrderListLoadQuery(client);
    req.setCount(10).setSort('id', 'DESC');
    req.setOnDemandColumns([
      'items',
      'charges',
      'payments',
      'payment_data',
      'parts',
      'customer',
      'CustomField_Values:*',
    ]);
    req.setPassphrase(sim.passphrase);
    const expr = req.filterExpression();
    expr.greaterThanEqual('total', 1).andIsIn('status', [0, 100, 200, 201]);
    req.setFilters(expr);
    const res = await client.promise(req);
    expect(res.isSuccess()).toBe(true);
    const orders = res.getOrders();
    const expected = [...sim.state.orders.values()]
      .map((r) => r.order)
      .filter((o) => o.total >= 1 && [0, 100, 200, 201].includes(o.status));
    expect(res.getTotalCount()).toBe(expected.length);
    expect(orders).toHaveLength(10);
    const ids = orders.map((o: Json) => o.getId());
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    const o = orders[0];
    expect(o.getItems().length).toBeGreaterThan(0);
    expect(o.getPayments()[0].getField('module').code).toEqual(expect.any(String));
    expect(o.getCustomFieldValues()).toBeDefined();
  });

  it('creates a shipment for an order and marks it shipped with tracking', async () => {
    const order = [...sim.state.orders.values()]
      .map((r) => r.order)
      .find((x) => (x.items ?? []).every((i) => i.status === 0) && (x.items ?? []).length > 0)!;
    const create = new requests.OrderItemListCreateShipment(client);
    create.setOrderId(order.id);
    for (const item of order.items!) {
      create.addLineId(item.line_id);
    }
    const created = await client.promise(create);
    expect(created.isSuccess()).toBe(true);
    const shipment = created.getOrderShipment();
    expect(shipment.getStatus()).toBe(100);
    expect(shipment.getCode()).toMatch(/^\d{5,}-\d{8}-\d{5,}$/);

    const update = new requests.OrderShipmentListUpdate(client);
    const su = new models.OrderShipmentUpdate();
    su.setShipmentId(shipment.getId())
      .setMarkShipped(true)
      .setTrackingNumber('1Z12345E0205271688')
      .setTrackingType('UPS')
      .setCost(9.95);
    update.addShipmentUpdate(su);
    const updated = await client.promise(update);
    expect(updated.isSuccess()).toBe(true);

    const check = new requests.OrderListLoadQuery(client);
    check.setOnDemandColumns(['shipments', 'items']);
    check.setFilters(check.filterExpression().equal('id', order.id));
    const after = (await client.promise(check)).getOrders()[0];
    expect(after.getStatus()).toBe(200);
    const s = after.getShipments().find((x: Json) => x.getId() === shipment.getId());
    expect(s.getStatus()).toBe(200);
    expect(s.getTrackingNumber()).toBe('1Z12345E0205271688');
  });

  it('adjusts inventory, refusing the whole batch when one product is unknown', async () => {
    const product = [...sim.state.products.values()].find((p) => p.product_inventory_active)!;
    const before = product.product_inventory!;
    const adjust = (code: string, delta: number) => {
      const a = new models.ProductInventoryAdjustment();
      a.setProductCode(code).setAdjustment(delta);
      return a;
    };
    const bad = new requests.ProductListAdjustInventory(client);
    bad
      .addInventoryAdjustment(adjust(product.code, 4))
      .addInventoryAdjustment(adjust('NO-SUCH-PRODUCT', 1));
    const refused = await client.promise(bad);
    expect(refused.isSuccess()).toBe(false);
    expect(refused.getErrorCode()).toBe('MER-JSN-00023');
    expect(refused.getErrorField()).toBe('Inventory_Adjustments[2]:product_code');
    expect(product.product_inventory).toBe(before);
    const good = new requests.ProductListAdjustInventory(client);
    good.addInventoryAdjustment(adjust(product.code, 4));
    expect((await client.promise(good)).isSuccess()).toBe(true);
    expect(product.product_inventory).toBe(before + 4);
  });

  it('runs a multicall with iterations, and resumes a 206 partial answer automatically', async () => {
    const multi = new MultiCallRequest(client);
    const q1 = new requests.OrderListLoadQuery(client);
    q1.setCount(2);
    multi.addRequest(q1);
    const version = new requests.MivaMerchantVersion(client);
    multi.addRequest(version);
    const op = new MultiCallOperation();
    const p1 = new requests.ProductListLoadQuery(client);
    p1.setCount(1);
    const p2 = new requests.ProductListLoadQuery(client);
    p2.setCount(1).setOffset(1);
    // The SDK does not apply default_store_code inside a MultiCallOperation: set it per request.
    p1.setStoreCode(sim.storeCode);
    p2.setStoreCode(sim.storeCode);
    op.addRequest(p1).addRequest(p2);
    multi.addOperation(op);
    const res = await client.promise(multi);
    const parts = res.getResponses();
    expect(parts).toHaveLength(4);
    expect(parts.every((r: Json) => r.isSuccess())).toBe(true);
    expect(parts[0].getOrders()).toHaveLength(2);
    expect(parts[3].getProducts()[0].getId()).not.toBe(parts[2].getProducts()[0].getId());

    sim.state.setFaults({ multicallStopAfter: 2 });
    try {
      const big = new MultiCallRequest(client);
      for (let i = 0; i < 5; i++) {
        const q = new requests.OrderListLoadQuery(client);
        q.setCount(1).setOffset(i);
        big.addRequest(q);
      }
      big.setAutoTimeoutContinue(true);
      const done = await new Promise<Json>((resolve, reject) => {
        big.setAutoContinueCallback((err: unknown, response: Json, complete: boolean) => {
          if (err) {
            reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
          } else if (complete) {
            resolve(response);
          }
        });
        client.send(big, (err: unknown) => {
          if (err) {
            reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
          }
        });
      });
      const got = done.getResponses().map((r: Json) => r.getOrders()[0].getId());
      expect(got).toEqual(sim.state.orderIds().slice(0, 5));
    } finally {
      sim.state.setFaults({ multicallStopAfter: null });
    }
  });

  it("refuses a wrong signing key and a stale timestamp with Miva's messages", async () => {
    const wrongKey = new Client(
      sim.endpointUrl,
      sim.accessToken,
      Buffer.from('not the key').toString('base64'),
      { default_store_code: sim.storeCode },
    );
    const r1 = await wrongKey.promise(new requests.MivaMerchantVersion(wrongKey));
    expect([r1.isSuccess(), r1.getErrorCode(), r1.getErrorMessage()]).toEqual([
      false,
      'access_denied',
      'Invalid request signature',
    ]);

    sim.state.setFaults({ clockSkewSeconds: 3600 });
    try {
      const r2 = await client.promise(new requests.MivaMerchantVersion(client));
      expect(r2.getErrorMessage()).toBe('Timestamp outside configured window');
    } finally {
      sim.state.setFaults({ clockSkewSeconds: 0 });
    }
    const noTs = new Client(sim.endpointUrl, sim.accessToken, sim.signingKey, {
      default_store_code: sim.storeCode,
      require_timestamps: false,
    });
    expect((await noTs.promise(new requests.MivaMerchantVersion(noTs))).getErrorMessage()).toBe(
      'Missing required timestamp',
    );
    const sha1 = new Client(sim.endpointUrl, sim.accessToken, sim.signingKey, {
      default_store_code: sim.storeCode,
      signing_key_digest: 'sha1',
    });
    expect((await sha1.promise(new requests.MivaMerchantVersion(sha1))).isSuccess()).toBe(true);
    const plain = new Client(sim.endpointUrl, sim.accessToken, '', {
      default_store_code: sim.storeCode,
    });
    plain.authenticator.setDigestType('');
    expect((await plain.promise(new requests.MivaMerchantVersion(plain))).getErrorMessage()).toBe(
      'Timestamp requires request signature',
    );
  });
});
