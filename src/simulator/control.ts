// The simulator's own control API under /__sim/ (NOT part of Miva): unauthenticated JSON, loopback
// only. Tests and the demo use it to add or change orders, read state and inject faults.
import { text } from './params';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MivaNote, MivaOrder } from '../miva-model/miva.models';
import { generateOrders } from './order-generator';
import { addProducts, patchProduct, type ProductInput } from './product-control';
import { projectOrder, parseOrderColumns } from './serialize';
import { type Faults, NEW_AND_UPDATED, type SimulatorState, type WorkflowMode } from './state';
import type { TokenConfig } from './auth';
import { ORDER_DOWNLOAD_COLUMNS } from '../miva-model/miva.models';

export interface OrderPatch {
  /** Item status changes by line id. */
  items?: { line_id: number; status?: number; quantity?: number; price?: number }[];
  /** Adds a note (admin when `admin_user` is given, else a system note). */
  note?: string | { text: string; admin_user?: string };
  customFields?: Record<string, Record<string, string | number>>;
  /** Shallow order fields (addresses etc.). */
  fields?: Partial<
    Pick<
      MivaOrder,
      | 'ship_fname'
      | 'ship_lname'
      | 'ship_addr1'
      | 'ship_city'
      | 'ship_zip'
      | 'ship_cntry'
      | 'bill_email'
      | 'ship_phone'
    >
  >;
  /** Put the order back into new_and_updated (default true, like Miva's "New & Updated" workflow). */
  requeue?: boolean;
}

export function updateOrder(
  state: SimulatorState,
  id: number,
  patch: OrderPatch,
): MivaOrder | null {
  const rec = state.getOrder(id);
  if (!rec) {
    return null;
  }
  const o = rec.order;
  for (const change of patch.items ?? []) {
    const item = (o.items ?? []).find((i) => i.line_id === change.line_id);
    if (!item) {
      continue;
    }
    if (change.status !== undefined) {
      item.status = change.status;
    }
    if (change.quantity !== undefined) {
      item.quantity = change.quantity;
    }
    if (change.price !== undefined) {
      item.price = change.price;
    }
  }
  if (patch.note !== undefined) {
    const text = typeof patch.note === 'string' ? patch.note : patch.note.text;
    const admin = typeof patch.note === 'string' ? '' : (patch.note.admin_user ?? '');
    const notes = (o.notes ??= []);
    const note: MivaNote = {
      id: Math.max(o.id * 10, ...notes.map((n) => n.id)) + 1,
      cust_id: o.cust_id,
      account_id: 0,
      order_id: o.id,
      user_id: admin ? 1 : 0,
      notetext: text,
      dtstamp: state.now(),
      cust_login: o.cust_login ?? '',
      business_title: o.business_title ?? '',
      admin_user: admin,
    };
    notes.push(note);
  }
  for (const [mod, fields] of Object.entries(patch.customFields ?? {})) {
    const cf = (o.CustomField_Values ??= {});
    cf[mod] = { ...(cf[mod] ?? {}), ...fields };
  }
  Object.assign(o, patch.fields ?? {});
  state.touch(rec, { requeue: patch.requeue !== false });
  return o;
}

/** The full stored order with its current queue flags (every column). */
export function fullOrder(state: SimulatorState, o: MivaOrder): Record<string, unknown> {
  return projectOrder(state, o, parseOrderColumns([...ORDER_DOWNLOAD_COLUMNS]), 'ok');
}

export function queueSnapshot(state: SimulatorState): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [code, members] of state.queueMembers) {
    out[code] = [...members].sort((a, b) => a - b);
  }
  return out;
}

function isLoopback(addr: string | undefined): boolean {
  return (
    addr === '127.0.0.1' ||
    addr === '::1' ||
    addr === '::ffff:127.0.0.1' ||
    (addr ?? '').startsWith('127.') ||
    (addr ?? '').startsWith('::ffff:127.')
  );
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

const FAULT_KEYS: (keyof Faults)[] = [
  'apiOffline',
  'failRate',
  'failNext',
  'failStatus',
  'latencyMs',
  'operationDelayMs',
  'truncateRate',
  'truncateNext',
  'multicallStopAfter',
  'clockSkewSeconds',
  'faultSeed',
];

export function handleControl(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): void {
  if (!isLoopback(req.socket.remoteAddress)) {
    send(res, 403, { error: 'The control API answers loopback clients only' });
    return;
  }
  let input: Record<string, unknown> = {};
  if (body.length > 0) {
    try {
      input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      send(res, 400, { error: 'Body must be JSON' });
      return;
    }
  }
  const url = new URL(req.url ?? '/', 'http://sim');
  const path = url.pathname.replace(/^\/__sim/, '').replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const orderMatch = /^\/orders\/(\d+)$/.exec(path);

  if (method === 'GET' && path === '/state') {
    send(res, 200, {
      storeCode: state.storeCode,
      now: state.now(),
      orders: state.orders.size,
      products: state.products.size,
      shipments: state.shipments.size,
      queues: Object.fromEntries([...state.queueMembers].map(([k, v]) => [k, v.size])),
      faults: state.faults,
      token: {
        enabled: state.token.enabled,
        requireTimestamp: state.token.requireTimestamp,
        requireSignature: state.token.requireSignature,
        timestampWindowSeconds: state.token.timestampWindowSeconds,
      },
      workflowMode: state.workflowMode,
      calls: state.log.length,
    });
  } else if (method === 'GET' && path === '/orders') {
    const queue = url.searchParams.get('queue');
    const ids = state.orderIds().filter((id) => !queue || state.inQueue(queue, id));
    send(res, 200, { data: ids.map((id) => fullOrder(state, state.getOrder(id)!.order)) });
  } else if (method === 'GET' && orderMatch) {
    const rec = state.getOrder(Number(orderMatch[1]));
    send(res, rec ? 200 : 404, rec ? fullOrder(state, rec.order) : { error: 'Order not found' });
  } else if (method === 'POST' && path === '/orders') {
    let orders: MivaOrder[];
    if (Array.isArray(input.orders)) {
      orders = input.orders as MivaOrder[];
    } else {
      const count = Number(input.count ?? 1);
      orders = generateOrders({
        count,
        seed: Number(input.seed ?? Date.now() % 100000),
        firstOrderId: state.nextOrderId(),
        now: state.now(),
      });
    }
    const ids = state.addOrders(orders, input.enqueue !== false);
    send(res, 201, { ids });
  } else if ((method === 'PATCH' || method === 'POST') && orderMatch) {
    const o = updateOrder(state, Number(orderMatch[1]), input);
    send(res, o ? 200 : 404, o ? fullOrder(state, o) : { error: 'Order not found' });
  } else if (method === 'GET' && path === '/products') {
    send(res, 200, { data: [...state.products.values()] });
  } else if (method === 'POST' && path === '/products') {
    const inputs = Array.isArray(input.products) ? (input.products as ProductInput[]) : [];
    send(res, 201, { ids: addProducts(state, inputs) });
  } else if (method === 'PATCH' && path.startsWith('/products/')) {
    const ref = decodeURIComponent(path.slice('/products/'.length));
    const p = patchProduct(state, ref, input);
    send(res, p ? 200 : 404, p ?? { error: 'Product not found' });
  } else if (method === 'GET' && path === '/shipments') {
    send(res, 200, { data: [...state.shipments.values()] });
  } else if (method === 'GET' && path === '/queues') {
    send(res, 200, queueSnapshot(state));
  } else if (method === 'POST' && path === '/queues') {
    send(res, 201, state.addQueue(text(input.code), text(input.name ?? input.code)));
  } else if (method === 'GET' && path === '/log') {
    const since = Number(url.searchParams.get('since') ?? 0);
    send(res, 200, { data: state.log.filter((e) => e.seq > since) });
  } else if (method === 'DELETE' && path === '/log') {
    state.log.length = 0;
    send(res, 200, { ok: true });
  } else if (method === 'POST' && path === '/reset') {
    state.reset({
      orders: input.orders === undefined ? 0 : Number(input.orders),
      seed: input.seed === undefined ? undefined : Number(input.seed),
    });
    send(res, 200, { ok: true, orders: state.orders.size });
  } else if (method === 'GET' && path === '/faults') {
    send(res, 200, state.faults);
  } else if ((method === 'PUT' || method === 'PATCH' || method === 'POST') && path === '/faults') {
    const patch: Partial<Faults> = {};
    for (const k of FAULT_KEYS) {
      if (k in input) {
        (patch as Record<string, unknown>)[k] = input[k];
      }
    }
    send(res, 200, state.setFaults(patch));
  } else if (method === 'DELETE' && path === '/faults') {
    state.setFaults({ ...defaultsOf() });
    send(res, 200, state.faults);
  } else if ((method === 'PUT' || method === 'PATCH' || method === 'POST') && path === '/token') {
    const t: Partial<TokenConfig> = {};
    for (const k of [
      'enabled',
      'requireTimestamp',
      'requireSignature',
      'timestampWindowSeconds',
    ] as const) {
      if (k in input) {
        (t as Record<string, unknown>)[k] = input[k];
      }
    }
    state.token = { ...state.token, ...t };
    send(res, 200, {
      enabled: state.token.enabled,
      requireTimestamp: state.token.requireTimestamp,
      requireSignature: state.token.requireSignature,
      timestampWindowSeconds: state.token.timestampWindowSeconds,
    });
  } else if ((method === 'PUT' || method === 'POST') && path === '/workflow') {
    const mode = input.mode as WorkflowMode;
    if (mode !== 'ack' && mode !== 'retrieve_moves') {
      send(res, 400, { error: "mode must be 'ack' or 'retrieve_moves'" });
      return;
    }
    state.workflowMode = mode;
    send(res, 200, { mode });
  } else {
    send(res, 404, { error: `No control route ${method} ${url.pathname}`, queue: NEW_AND_UPDATED });
  }
}

function defaultsOf(): Faults {
  return {
    apiOffline: false,
    failRate: 0,
    failNext: 0,
    failStatus: 500,
    latencyMs: 0,
    operationDelayMs: 0,
    truncateRate: 0,
    truncateNext: 0,
    multicallStopAfter: null,
    clockSkewSeconds: 0,
    faultSeed: 1,
  };
}
