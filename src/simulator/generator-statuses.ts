// Where a generated order stands: its item statuses, shipments and returns, one small step per
// order status the generator covers (status codes as in docs/MIVA.md).
import type { MivaOrderItem, MivaReturn, MivaShipment } from '../miva-model/miva.models';
import { must } from '../common/must';
import { CATALOG_BY_CODE } from './catalog';
import { formatMoney, formatWeight, round2 } from './order-math';
import { CARRIERS } from './generator-data';
import { type Ctx, makeItem } from './generator-parts';

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'shipped',
  'partially_shipped',
  'item_cancelled',
  'cancelled',
  'backordered',
  'item_backordered',
  'returned',
  'rma',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

type Carrier = (typeof CARRIERS)[number];

/** What a status step works on: the items (it may add one) and the shipments/returns it creates. */
interface Fulfilment {
  ctx: Ctx;
  items: MivaOrderItem[];
  shipments: MivaShipment[];
  returns: MivaReturn[];
  /** Creates shipment `seq` of `list` (200 shipped, 100 not yet) and gives the items its status. */
  ship(list: MivaOrderItem[], status: number, seq: number): MivaShipment;
}

/** Sets the items' statuses for `status` and returns the shipments and returns it implies. */
export function applyStatus(
  ctx: Ctx,
  items: MivaOrderItem[],
  status: OrderStatus,
  shipCost: number,
): { shipments: MivaShipment[]; returns: MivaReturn[] } {
  const carrier = ctx.rng.pick(CARRIERS);
  const f: Fulfilment = {
    ctx,
    items,
    shipments: [],
    returns: [],
    ship: (list, shipmentStatus, seq) => {
      const s = makeShipment(ctx, carrier, shipCost, shipmentStatus, seq);
      assign(list, s, shipmentStatus);
      f.shipments.push(s);
      return s;
    },
  };
  STATUS_STEPS[status](f);
  return { shipments: f.shipments, returns: f.returns };
}

const STATUS_STEPS: Record<OrderStatus, (f: Fulfilment) => void> = {
  pending: (f) => {
    f.ctx.cases.add('status_pending');
  },
  processing: (f) => {
    f.ship(f.items, 100, 1);
    f.ctx.cases.add('status_processing');
  },
  shipped: shipAll,
  partially_shipped: (f) => {
    ensureTwoItems(f, 'SOCKS', 2, true);
    f.ship(f.items.slice(0, 1), 200, 1);
    f.ctx.cases.add('status_partially_shipped');
  },
  item_cancelled: (f) => {
    ensureTwoItems(f, 'PEN', 3, false);
    must(f.items.at(-1), 'the second item').status = 300;
    f.ctx.cases.add('item_cancelled');
  },
  cancelled: (f) => {
    for (const it of f.items) {
      it.status = 300;
    }
    f.ctx.cases.add('status_cancelled');
    f.ctx.cases.add('item_cancelled');
  },
  backordered: (f) => {
    for (const it of f.items) {
      backorder(f.ctx, it);
    }
    f.ctx.cases.add('status_backordered');
    f.ctx.cases.add('item_backordered');
  },
  item_backordered: (f) => {
    ensureTwoItems(f, 'BOTTLE', 1, true);
    backorder(f.ctx, must(f.items[0], 'the first item'));
    f.ctx.cases.add('item_backordered');
  },
  returned: (f) => {
    returnFirstItem(f, 600);
    f.ctx.cases.add('status_returned');
  },
  rma: (f) => {
    returnFirstItem(f, 500);
    f.ctx.cases.add('status_rma_issued');
  },
};

/** Ships everything, in two shipments half the time when there are two items or more. */
function shipAll(f: Fulfilment): void {
  const { items } = f;
  if (items.length >= 2 && f.ctx.rng.chance(0.5)) {
    const half = Math.ceil(items.length / 2);
    f.ship(items.slice(0, half), 200, 1);
    f.ship(items.slice(half), 200, 2);
    f.ctx.cases.add('multiple_shipments');
  } else {
    f.ship(items, 200, 1);
  }
  f.ctx.cases.add('status_shipped');
}

/** Item-level statuses need a second item that keeps the order's own status. */
function ensureTwoItems(f: Fulfilment, code: string, quantity: number, withOptions: boolean): void {
  if (f.items.length < 2) {
    f.items.push(makeItem(f.ctx, CATALOG_BY_CODE.get(code)!, quantity, withOptions));
  }
}

function backorder(ctx: Ctx, item: MivaOrderItem): void {
  item.status = 400;
  item.dt_instock = ctx.now + ctx.rng.int(2, 40) * 86400;
}

/** Ships everything, then returns the first item (all of a one-item order): 600 received, 500 RMA issued. */
function returnFirstItem(f: Fulfilment, status: 500 | 600): void {
  const { id } = f.ctx;
  const s = f.ship(f.items, 200, 1);
  const rid = id * 10 + 1;
  const ret: MivaReturn = {
    id: rid,
    order_id: id,
    code: `${id}-${String(rid).padStart(5, '0')}`,
    status,
    dt_issued: s.ship_date + 5 * 86400,
    dt_recvd: status === 600 ? s.ship_date + 9 * 86400 : 0,
  };
  f.returns.push(ret);
  const returned = f.items.length > 1 ? f.items.slice(0, 1) : f.items;
  for (const it of returned) {
    it.status = status;
    it.rma_id = rid;
    it.rma_code = ret.code;
    it.rma_dt_issued = ret.dt_issued;
    it.rma_dt_recvd = ret.dt_recvd;
  }
}

function makeShipment(
  ctx: Ctx,
  carrier: Carrier,
  shipCost: number,
  status: number,
  seq: number,
): MivaShipment {
  const { id, rng } = ctx;
  const shipped = status === 200;
  const sid = id * 10 + seq;
  const shipDate = shipped ? Math.min(ctx.now, ctx.orderdate + rng.int(3600, 3 * 86400)) : 0;
  const tracknum = shipped ? carrier.num(rng) : '';
  const cost = shipped ? round2(shipCost * 0.8) : 0;
  return {
    id: sid,
    code: `${String(id).padStart(5, '0')}-${ymd(ctx.orderdate)}-${String(sid).padStart(5, '0')}`,
    batch_id: 0,
    order_id: id,
    status,
    labelcount: 0,
    ship_date: shipDate,
    tracknum,
    tracktype: shipped ? carrier.type : '',
    tracklink:
      shipped && carrier.type === 'UPS' ? `https://www.ups.com/track?tracknum=${tracknum}` : '',
    weight: 0,
    formatted_weight: formatWeight(0),
    cost,
    formatted_cost: formatMoney(cost),
  };
}

function ymd(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

function assign(list: MivaOrderItem[], shipment: MivaShipment, itemStatus: number): void {
  for (const it of list) {
    it.status = itemStatus;
    it.shpmnt_id = shipment.id;
  }
  shipment.weight = round2(list.reduce((w, it) => w + it.weight * it.quantity, 0));
  shipment.formatted_weight = formatWeight(shipment.weight);
}
