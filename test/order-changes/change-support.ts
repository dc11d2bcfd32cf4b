// Helpers of the order-change e2e tests (cancellations and backorders): requests, waiting for a
// change to settle, the simulator's call log, and an order with a kit and a discount.
import request from 'supertest';
import { DataSource } from 'typeorm';
import { first } from '../../src/common/must';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { generateOrders } from '../../src/simulator/order-generator';
import type { CallLogEntry } from '../../src/simulator/state';
import { ADMIN_KEY, download, eventually, RelayEnv, sim } from '../shipments/relay-fixtures';
import { bearer } from '../support/test-app';

export const admin = bearer(ADMIN_KEY);

export type ChangeKind = 'cancellations' | 'backorders';

export interface ChangeBody {
  id: string;
  orderId: string;
  cancellationRef?: string;
  backorderRef?: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  lines: { lineId: string; quantity: number; mivaLineId: number | null }[];
  reason?: string | null;
  expectedAt?: string | null;
  sentAt: string | null;
}

export function changeApi(env: RelayEnv) {
  const post = (
    kind: ChangeKind,
    orderId: string,
    body: Record<string, unknown>,
    auth: Record<string, string> = admin,
  ) => request(env.t.server).post(`/api/v1/orders/${orderId}/${kind}`).set(auth).send(body);

  const list = async (kind: ChangeKind, orderId: string): Promise<ChangeBody[]> =>
    (await request(env.t.server).get(`/api/v1/orders/${orderId}/${kind}`).set(admin).expect(200))
      .body as ChangeBody[];

  const find = async (kind: ChangeKind, orderId: string, id: string): Promise<ChangeBody> =>
    first(
      (await list(kind, orderId)).filter((c) => c.id === id),
      `${kind} ${id}`,
    );

  /** Waits until the change is sent or failed. */
  async function settled(kind: ChangeKind, orderId: string, id: string): Promise<ChangeBody> {
    let last: ChangeBody | undefined;
    return eventually(
      async () => {
        last = await find(kind, orderId, id);
        return last.status !== 'pending' ? last : undefined;
      },
      20_000,
      () => `the ${kind} to settle (last seen: ${JSON.stringify(last)})`,
    );
  }

  return { post, list, find, settled };
}

export function callLog(env: RelayEnv) {
  const lastSeq = (): number => env.sim.state.log.at(-1)?.seq ?? 0;
  const since = (seq: number): CallLogEntry[] => env.sim.state.log.filter((e) => e.seq > seq);
  /** Authorized calls to `fn` since `seq` (each call counted once, answered or not). */
  const count = (fn: string, seq: number): number =>
    since(seq).filter((e) => e.authorized && e.functions.includes(fn)).length;
  /** The log position of the first call to `fn` after `seq`. */
  const firstOf = (fn: string, seq: number): number =>
    first(
      since(seq).filter((e) => e.functions.includes(fn)),
      `a call to ${fn}`,
    ).seq;
  return { lastSeq, since, count, firstOf };
}

export const simOrder = (env: RelayEnv, id: number): Promise<MivaOrder> =>
  sim<MivaOrder>(env.sim, 'GET', `/orders/${id}`);

let seeds = 300;

/**
 * A generated order with exactly these product lines (quantities by position), every one pending
 * and unshipped, downloaded into the bridge (what a download run would do).
 */
export async function seedLines(
  env: RelayEnv,
  storeId: string,
  quantities: readonly number[],
): Promise<{ orderId: string; mivaOrderId: number; order: MivaOrder }> {
  for (let tries = 0; tries < 50; tries++) {
    const { ids } = await sim<{ ids: number[] }>(env.sim, 'POST', '/orders', {
      count: 1,
      seed: ++seeds,
    });
    const mivaOrderId = first(ids, 'the created order id');
    const order = await simOrder(env, mivaOrderId);
    const items = (order.items ?? []).filter((i) => (i.parts ?? []).length === 0);
    if (items.length < quantities.length) {
      continue;
    }
    order.items = items.slice(0, quantities.length);
    order.shipments = [];
    for (const item of order.items) {
      item.shpmnt_id = 0;
      delete item.shipment;
    }
    await sim(env.sim, 'POST', '/orders', { orders: [order] });
    // The simulator recalculates the order (totals, status) on this change.
    const patched = await sim<MivaOrder>(env.sim, 'PATCH', `/orders/${mivaOrderId}`, {
      items: order.items.map((item, i) => ({
        line_id: item.line_id,
        status: 0,
        quantity: quantities[i],
      })),
    });
    await download(env, storeId, mivaOrderId);
    const rows: { id: string }[] = await env.t.bridge.app
      .get(DataSource)
      .query('SELECT id FROM orders WHERE store_id = $1 AND miva_order_id = $2', [
        storeId,
        mivaOrderId,
      ]);
    return { orderId: first(rows, 'the downloaded order').id, mivaOrderId, order: patched };
  }
  throw new Error(`no generated order has ${quantities.length} product lines`);
}

let kitOrders = 0;

/**
 * An order with a kit (its parts become kit_component lines) and an order-level discount (a
 * discount line), every line pending and unshipped, downloaded into the bridge.
 */
export async function seedKitOrder(
  env: RelayEnv,
  storeId: string,
): Promise<{ orderId: string; mivaOrderId: number; order: MivaOrder }> {
  // The generator puts a kit into every order whose id is 1 modulo 4.
  const id = 900_001 + 8 * kitOrders++;
  const [order] = generateOrders({
    count: 1,
    seed: 5,
    firstOrderId: id,
    now: Math.floor(Date.now() / 1000),
  });
  const o = first(order ? [order] : [], 'the generated order');
  o.shipments = [];
  for (const item of o.items ?? []) {
    item.status = 0;
    item.shpmnt_id = 0;
    delete item.shipment;
  }
  if (!(o.charges ?? []).some((c) => c.type === 'DISCOUNT')) {
    (o.charges ??= []).push({
      order_id: id,
      charge_id: id * 10 + 9,
      module_id: 0,
      type: 'DISCOUNT',
      descrip: 'Loyalty discount',
      amount: -2,
      formatted_amount: '-$2.00',
      disp_amt: -2,
      formatted_disp_amt: '-$2.00',
      tax_exempt: false,
      tax: 0,
      formatted_tax: '$0.00',
    });
  }
  await sim(env.sim, 'POST', '/orders', { orders: [o] });
  await download(env, storeId, id);
  const rows: { id: string }[] = await env.t.bridge.app
    .get(DataSource)
    .query('SELECT id FROM orders WHERE store_id = $1 AND miva_order_id = $2', [storeId, id]);
  return { orderId: first(rows, 'the downloaded kit order').id, mivaOrderId: id, order: o };
}
