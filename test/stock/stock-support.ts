// Shared set-up for the true-up and listing-sync e2e tests: products and orders in the
// simulator, the bridge's routes, and waiting for a background job to end.
import request from 'supertest';
import { first } from '../../src/common/must';
import type { MivaItemPart, MivaOrder, MivaProduct } from '../../src/miva-model/miva.models';
import type { ProductInput, ProductPatch } from '../../src/simulator/product-control';
import { bearer } from '../support/test-app';
import { ADMIN_KEY, download, eventually, RelayEnv, sim } from '../shipments/relay-fixtures';

export const admin = bearer(ADMIN_KEY);

let counter = 0;
/** A product code no other test uses (codes double as SKUs). */
export const uniqueCode = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${++counter}`.toUpperCase();

export async function addProducts(env: RelayEnv, products: ProductInput[]): Promise<void> {
  await sim(env.sim, 'POST', '/products', { products });
}

export async function patchProduct(
  env: RelayEnv,
  code: string,
  patch: ProductPatch,
): Promise<void> {
  await sim(env.sim, 'PATCH', `/products/${encodeURIComponent(code)}`, patch);
}

export function product(env: RelayEnv, code: string): MivaProduct {
  return first(env.sim.state.findProduct({ code }), code);
}

export const stock = (env: RelayEnv, code: string): number =>
  product(env, code).product_inventory ?? 0;

/** The Miva calls the simulator received (function names), in order, since `since`. */
export function callsSince(env: RelayEnv, since: number): string[][] {
  return env.sim.state.log.filter((e) => e.seq > since).map((e) => e.functions);
}

export const lastCall = (env: RelayEnv): number => env.sim.state.log.at(-1)?.seq ?? 0;

export interface OrderLine {
  sku: string;
  quantity: number;
  /** Miva item status (0 pending, 200 shipped, 300 cancelled). */
  status?: number;
  /** Kit parts: the line is a kit of these. */
  parts?: { sku: string; quantity: number }[];
}

/**
 * Adds an order with exactly these lines to the simulator (a generated order's shape) and
 * downloads it into the bridge; returns the OMS order id and revision.
 */
export async function orderWithLines(
  env: RelayEnv,
  storeId: string,
  seed: number,
  lines: OrderLine[],
): Promise<{ orderId: string; mivaOrderId: number; revision: number }> {
  const { ids } = await sim<{ ids: number[] }>(env.sim, 'POST', '/orders', { count: 1, seed });
  const mivaOrderId = first(ids, 'the created order id');
  const order = await sim<MivaOrder>(env.sim, 'GET', `/orders/${mivaOrderId}`);
  const template = first(order.items ?? [], 'a generated item');
  order.shipments = [];
  order.items = lines.map((line, i) => ({
    ...template,
    line_id: template.line_id + i * 7 + 1000,
    shpmnt_id: 0,
    shipment: undefined,
    status: line.status ?? 0,
    code: line.sku,
    sku: line.sku,
    name: `Item ${line.sku}`,
    quantity: line.quantity,
    options: [],
    discounts: [],
    parts: (line.parts ?? []).map((p): MivaItemPart => ({
      code: p.sku,
      sku: p.sku,
      name: `Part ${p.sku}`,
      quantity: p.quantity,
      total_quantity: p.quantity * line.quantity,
      price: 0,
      cost: 0,
      weight: 0,
    })),
  }));
  await sim(env.sim, 'POST', '/orders', { orders: [order] });
  await download(env, storeId, mivaOrderId);
  return storedOrder(env, storeId, mivaOrderId);
}

export async function storedOrder(
  env: RelayEnv,
  storeId: string,
  mivaOrderId: number,
): Promise<{ orderId: string; mivaOrderId: number; revision: number }> {
  const rows: { id: string; revision: number }[] = await env.dataSource.query(
    'SELECT id, revision FROM orders WHERE store_id = $1 AND miva_order_id = $2',
    [storeId, mivaOrderId],
  );
  const row = first(rows, 'the downloaded order');
  return { orderId: row.id, mivaOrderId, revision: row.revision };
}

export async function acknowledge(env: RelayEnv, orderId: string, revision: number): Promise<void> {
  const res = await request(env.t.server)
    .post('/api/v1/orders/acknowledgements')
    .set(admin)
    .send({ orders: [{ id: orderId, revision }] })
    .expect(200);
  expect(res.body).toMatchObject({ acknowledged: 1 });
}

export interface TrueUpBody {
  id: string;
  storeId: string;
  apply: boolean;
  status: 'running' | 'succeeded' | 'failed';
  createdAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  items: {
    identifier: string;
    available: number;
    reserved: number | null;
    target: number | null;
    miva: number | null;
    delta: number | null;
    result: string | null;
    message: string | null;
  }[];
}

export interface ListingSyncBody {
  id: string;
  storeId: string;
  status: 'running' | 'succeeded' | 'failed';
  createdAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  items: {
    identifier: string;
    result: string | null;
    changes: { price?: [string, string]; active?: [boolean, boolean] };
    message: string | null;
  }[];
}

/** Polls a true-up or listing sync until it is no longer running. */
export async function finished<T extends { status: string }>(
  env: RelayEnv,
  path: string,
  timeoutMs = 30_000,
): Promise<T> {
  let last: T | undefined;
  return eventually(
    async () => {
      const res = await request(env.t.server).get(path).set(admin).expect(200);
      last = res.body as T;
      return last.status === 'running' ? undefined : last;
    },
    timeoutMs,
    () => `${path} to finish; last: ${JSON.stringify(last)?.slice(0, 2000)}`,
  );
}

export async function trueUp(env: RelayEnv, body: Record<string, unknown>): Promise<string> {
  const res = await request(env.t.server)
    .post('/api/v1/inventory/true-ups')
    .set(admin)
    .send(body)
    .expect(202);
  return (res.body as { id: string }).id;
}

export const finishedTrueUp = (env: RelayEnv, id: string): Promise<TrueUpBody> =>
  finished<TrueUpBody>(env, `/api/v1/inventory/true-ups/${id}`);
