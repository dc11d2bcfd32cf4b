// The simulator's in-memory store: orders (with a per-order cache of serialized projections),
// products, shipments, order queues, the token, injected faults and the call log.
import { randomBytes } from 'node:crypto';
import type { MivaOrder, MivaProduct, MivaShipment } from '../miva-model/miva.models';
import type { TokenConfig } from './auth';
import { formatMoney, formatWeight, recalculateOrder } from './order-math';
import { DEFAULT_FIRST_ORDER_ID, generateCatalog, generateOrders } from './order-generator';
import { mulberry32, type Rng } from './rng';

export interface Faults {
  /** 503 api_offline for every API call. */
  apiOffline: boolean;
  /** Probability (0..1) that a call is answered with `failStatus` (deterministic PRNG from faultSeed). */
  failRate: number;
  /** The next n calls are answered with `failStatus`. */
  failNext: number;
  failStatus: 500 | 503;
  /** Added before answering each call. */
  latencyMs: number;
  /** Added before each operation of a multicall (so X-Miva-API-Timeout can trigger). */
  operationDelayMs: number;
  /** Probability (0..1) / next n calls whose body is cut in half. */
  truncateRate: number;
  truncateNext: number;
  /** A multicall stops after k operations with 206 + Content-Range. Null = off. */
  multicallStopAfter: number | null;
  /** Added to the simulator's clock (timestamp window checks, dt_updated, ship dates). */
  clockSkewSeconds: number;
  faultSeed: number;
}

export const DEFAULT_FAULTS: Faults = {
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

export interface CallLogEntry {
  seq: number;
  /** Unix milliseconds. */
  at: number;
  /** Function names, `Module:<code>:<function>` for module calls; one per operation. */
  functions: string[];
  status: number;
  authorized: boolean;
  error?: string;
}

export interface QueueDef {
  id: number;
  code: string;
  name: string;
}

export interface OrderRecord {
  order: MivaOrder;
  /** Serialized projections by column-set key; cleared on every change. */
  cache: Map<string, string>;
}

/** How the store's order workflows are set up (docs/MIVA.md §8.3). */
export type WorkflowMode = 'ack' | 'retrieve_moves';

export const NEW_AND_UPDATED = 'new_and_updated';
export const RETRIEVED = 'successfully_retrieved_orders';

export interface StateOptions {
  storeCode: string;
  token: TokenConfig;
  passphrase: string;
  seed: number;
  orders: number;
  /** The generator's clock for seeded orders (unix s); default: the current time. */
  generatorNow?: number;
}

export class SimulatorState {
  readonly storeCode: string;
  readonly passphrase: string;
  token: TokenConfig;
  faults: Faults = { ...DEFAULT_FAULTS };
  workflowMode: WorkflowMode = 'ack';
  apiVersion = '10.11.00';

  readonly orders = new Map<number, OrderRecord>();
  readonly products = new Map<number, MivaProduct>();
  readonly shipments = new Map<number, MivaShipment>();
  readonly queues = new Map<string, QueueDef>();
  readonly queueMembers = new Map<string, Set<number>>();
  readonly log: CallLogEntry[] = [];
  /** Order-level custom field definitions of the `customfields` module: code → type. */
  readonly customFieldDefs = new Map<string, { name: string; type: string }>([
    ['SignifydGuaranteeDisposition', { name: 'Signifyd Guarantee Disposition', type: 'text' }],
    ['gift_msg', { name: 'Gift Message', type: 'textarea' }],
    ['delivery_date', { name: 'Requested Delivery Date', type: 'text' }],
    ['loyalty_points', { name: 'Loyalty Points', type: 'numeric' }],
  ]);

  private sortedIds: number[] | null = null;
  private productIndex: {
    size: number;
    code: Map<string, MivaProduct[]>;
    sku: Map<string, MivaProduct[]>;
  } | null = null;
  private logSeq = 0;
  private nextShipmentId = 1;
  private nextQueueId = 1;
  private seed: number;
  faultRng: Rng;

  constructor(private readonly opts: StateOptions) {
    this.storeCode = opts.storeCode;
    this.passphrase = opts.passphrase;
    this.token = { ...opts.token };
    this.seed = opts.seed;
    this.faultRng = mulberry32(this.faults.faultSeed);
    this.reset({ orders: opts.orders, seed: opts.seed });
  }

  /** Unix seconds on the simulator's (possibly skewed) clock. */
  now(): number {
    return Math.floor(Date.now() / 1000) + this.faults.clockSkewSeconds;
  }

  reset(opts: { orders?: number; seed?: number } = {}): void {
    this.seed = opts.seed ?? this.seed;
    this.orders.clear();
    this.products.clear();
    this.shipments.clear();
    this.queues.clear();
    this.queueMembers.clear();
    this.log.length = 0;
    this.sortedIds = null;
    this.nextShipmentId = 1;
    this.nextQueueId = 1;
    this.faults = { ...DEFAULT_FAULTS };
    this.faultRng = mulberry32(this.faults.faultSeed);
    this.token = { ...this.opts.token };
    this.workflowMode = 'ack';
    this.addQueue(NEW_AND_UPDATED, 'New & Updated Orders');
    this.addQueue(RETRIEVED, 'Successfully Retrieved Orders');
    for (const p of generateCatalog(this.seed, this.now())) {
      this.products.set(p.id, p);
    }
    this.productsChanged();
    const count = opts.orders ?? 0;
    if (count > 0) {
      this.addOrders(
        generateOrders({
          count,
          seed: this.seed,
          firstOrderId: DEFAULT_FIRST_ORDER_ID,
          now: this.opts.generatorNow ?? this.now(),
        }),
      );
    }
  }

  setFaults(patch: Partial<Faults>): Faults {
    this.faults = { ...this.faults, ...patch };
    if (patch.faultSeed !== undefined) {
      this.faultRng = mulberry32(patch.faultSeed);
    }
    return this.faults;
  }

  addQueue(code: string, name: string): QueueDef {
    const existing = this.queues.get(code);
    if (existing) {
      return existing;
    }
    const q = { id: this.nextQueueId++, code, name };
    this.queues.set(code, q);
    this.queueMembers.set(code, new Set());
    for (const rec of this.orders.values()) {
      rec.cache.clear();
    }
    return q;
  }

  // ---- orders

  /** Adds (or replaces) orders. New orders enter `new_and_updated` when they have a payment. */
  addOrders(orders: MivaOrder[], enqueue = true): number[] {
    const ids: number[] = [];
    for (const o of orders) {
      const order = normalizeOrder(structuredClone(o));
      for (const s of order.shipments ?? []) {
        this.shipments.set(s.id, s);
        this.nextShipmentId = Math.max(this.nextShipmentId, s.id + 1);
      }
      const known = this.orders.has(order.id);
      this.orders.set(order.id, { order, cache: new Map() });
      if (!known) {
        this.sortedIds = null;
      }
      // Queue flags given in the order itself are honoured for queues other than the defaults.
      for (const [queue, flag] of Object.entries(order.CustomField_Values?.orderworkflow ?? {})) {
        if (this.queues.has(queue) && flag === '1' && queue !== NEW_AND_UPDATED) {
          this.queueMembers.get(queue)!.add(order.id);
        }
      }
      if (enqueue && (order.payments ?? []).length > 0) {
        this.queueMembers.get(NEW_AND_UPDATED)!.add(order.id);
      }
      ids.push(order.id);
    }
    return ids;
  }

  nextOrderId(): number {
    let max = DEFAULT_FIRST_ORDER_ID - 1;
    for (const id of this.orders.keys()) {
      max = Math.max(max, id);
    }
    return max + 1;
  }

  /** Order ids in ascending order (cached until an order is added). */
  orderIds(): number[] {
    if (!this.sortedIds) {
      this.sortedIds = [...this.orders.keys()].sort((a, b) => a - b);
    }
    return this.sortedIds;
  }

  getOrder(id: number): OrderRecord | undefined {
    return this.orders.get(id);
  }

  /**
   * Records a change to an order: recalculates it, bumps dt_updated and drops its cached
   * projections. `requeue` runs the "Process New & Updated Orders" workflow (queue_add new_and_updated
   * when the order has a payment).
   */
  touch(rec: OrderRecord, opts: { requeue?: boolean; recalc?: boolean } = {}): void {
    if (opts.recalc !== false) {
      recalculateOrder(rec.order);
    }
    rec.order.dt_updated = Math.max(rec.order.dt_updated ?? 0, this.now());
    rec.cache.clear();
    if (opts.requeue && (rec.order.payments ?? []).length > 0) {
      this.queueMembers.get(NEW_AND_UPDATED)!.add(rec.order.id);
    }
  }

  inQueue(queue: string, orderId: number): boolean {
    return this.queueMembers.get(queue)?.has(orderId) ?? false;
  }

  /** queue_add / queue_remove; returns whether membership changed. */
  setQueueMembership(queue: string, orderId: number, member: boolean): boolean {
    const set = this.queueMembers.get(queue);
    if (!set || set.has(orderId) === member) {
      return false;
    }
    if (member) {
      set.add(orderId);
    } else {
      set.delete(orderId);
    }
    const rec = this.orders.get(orderId);
    if (rec) {
      this.touch(rec, { recalc: false });
    }
    return true;
  }

  /** queue_move: into `queue`, out of every other queue. */
  moveToQueue(queue: string, orderId: number): void {
    for (const code of this.queues.keys()) {
      this.setQueueMembership(code, orderId, code === queue);
    }
  }

  // ---- shipments

  newShipment(order: MivaOrder): MivaShipment {
    const id = this.nextShipmentId++;
    const d = new Date(this.now() * 1000);
    const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    const s: MivaShipment = {
      id,
      code: `${String(order.id).padStart(5, '0')}-${ymd}-${String(id).padStart(5, '0')}`,
      batch_id: 0,
      order_id: order.id,
      status: 100,
      labelcount: 0,
      ship_date: 0,
      tracknum: '',
      tracktype: '',
      tracklink: '',
      weight: 0,
      formatted_weight: formatWeight(0),
      cost: 0,
      formatted_cost: formatMoney(0),
    };
    this.shipments.set(id, s);
    order.shipments = [...(order.shipments ?? []), s];
    return s;
  }

  // ---- products

  findProduct(by: { id?: number; code?: string; sku?: string }): MivaProduct[] {
    if (by.id !== undefined) {
      const p = this.products.get(by.id);
      return p ? [p] : [];
    }
    // An index by lower-cased code and SKU, so catalogues of tens of thousands of products stay
    // fast for benchmarks and large true-ups. Tests may change `products` directly: a hit is
    // checked against the map, and a miss or a stale hit falls back to a scan.
    if (this.productIndex?.size !== this.products.size) {
      this.productIndex = this.indexProducts();
    }
    const field = by.code !== undefined ? 'code' : 'sku';
    const key = (by.code ?? by.sku)?.toLowerCase();
    if (key === undefined) {
      return [];
    }
    const hits = this.productIndex[field].get(key) ?? [];
    const current = (p: MivaProduct): boolean =>
      this.products.get(p.id) === p && p[field].toLowerCase() === key;
    if (hits.length > 0 && hits.every(current)) {
      return field === 'code' ? hits.slice(0, 1) : [...hits];
    }
    if (hits.length > 0) {
      this.productIndex = null;
    }
    const found = [...this.products.values()].filter((p) => p[field].toLowerCase() === key);
    return field === 'code' ? found.slice(0, 1) : found;
  }

  /** Adds or replaces products (by id); their codes and SKUs are found at once. */
  putProducts(products: readonly MivaProduct[]): void {
    for (const p of products) {
      this.products.set(p.id, p);
    }
    this.productsChanged();
  }

  /** Call after a product's code or SKU changed (Product_Update) or products were added. */
  productsChanged(): void {
    this.productIndex = null;
  }

  private indexProducts(): NonNullable<SimulatorState['productIndex']> {
    const index = {
      size: this.products.size,
      code: new Map<string, MivaProduct[]>(),
      sku: new Map<string, MivaProduct[]>(),
    };
    for (const p of this.products.values()) {
      for (const field of ['code', 'sku'] as const) {
        const key = p[field].toLowerCase();
        const same = index[field].get(key);
        if (same) {
          same.push(p);
        } else {
          index[field].set(key, [p]);
        }
      }
    }
    return index;
  }

  // ---- log

  record(entry: Omit<CallLogEntry, 'seq' | 'at'>): void {
    this.log.push({ seq: ++this.logSeq, at: Date.now(), ...entry });
    if (this.log.length > 20000) {
      this.log.splice(0, this.log.length - 20000);
    }
  }
}

/** Fills the arrays a stored order always has (generated or given orders may omit them). */
function normalizeOrder(o: MivaOrder): MivaOrder {
  o.items ??= [];
  o.charges ??= [];
  o.coupons ??= [];
  o.discounts ??= [];
  o.payments ??= [];
  o.notes ??= [];
  o.shipments ??= [];
  o.returns ??= [];
  o.CustomField_Values ??= {};
  o.dt_updated ??= o.orderdate;
  return o;
}

export function randomToken(): string {
  return randomBytes(16).toString('hex');
}

export function randomSigningKey(): string {
  return randomBytes(32).toString('base64');
}
