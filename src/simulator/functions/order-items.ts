// Item and shipment mutations (docs/MIVA.md §9). Each recalculates the order (status per §6.2,
// totals per §6.3), bumps dt_updated and, like Miva's default "New & Updated" workflow, puts the
// order back into new_and_updated.
import type { MivaOrderItem, MivaShipment } from '../../miva-model/miva.models';
import { error, inputErrors, MivaError, type MivaResponse, missingParam, ok } from '../json';
import { formatMoney, formatWeight, itemTotal, round2 } from '../order-math';
import { text, toBool } from '../params';
import type { OrderRecord } from '../state';
import type { CallContext } from './context';

export function loadOrder(ctx: CallContext): OrderRecord {
  const id = ctx.params.int('Order_ID');
  if (id === undefined || Number.isNaN(id) || id === 0) {
    throw new MivaError(
      error('MER-JSN-ORD-00058', 'Unable to load order: Order_ID must be specified'),
    );
  }
  const rec = ctx.state.getOrder(id);
  if (!rec) {
    throw new MivaError(error('MER-JSN-ORD-00025', 'Order not found'));
  }
  return rec;
}

function lineIds(ctx: CallContext): number[] {
  const ids = ctx.params.intArray('Line_IDs');
  if (ids === undefined || ids.length === 0) {
    throw new MivaError(missingParam('Line_IDs'));
  }
  return ids;
}

function itemsOf(rec: OrderRecord, ids: number[]): MivaOrderItem[] {
  const want = new Set(ids);
  return (rec.order.items ?? []).filter((i) => want.has(i.line_id));
}

const TRACK_LINKS: Record<string, string> = {
  ups: 'https://www.ups.com/track?tracknum=%tracknum%',
  fedex: 'https://www.fedex.com/fedextrack/?trknbr=%tracknum%',
  usps: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=%tracknum%',
};

function shipmentWeight(rec: OrderRecord, s: MivaShipment): void {
  s.weight = round2(
    (rec.order.items ?? [])
      .filter((i) => i.shpmnt_id === s.id)
      .reduce((w, i) => w + i.weight * i.quantity, 0),
  );
  s.formatted_weight = formatWeight(s.weight);
}

export function createShipment(ctx: CallContext): MivaResponse {
  const rec = loadOrder(ctx);
  const items = itemsOf(rec, lineIds(ctx));
  if (items.length === 0) {
    return error('MER-JSN-ORD-00057', 'Order items must exist in order to create a shipment');
  }
  const s = ctx.state.newShipment(rec.order);
  for (const it of items) {
    it.shpmnt_id = s.id;
    if (it.status !== 300 && it.status !== 600) {
      it.status = 100;
    }
  }
  shipmentWeight(rec, s);
  ctx.state.touch(rec, { requeue: true });
  const { formatted_weight: _w, ...data } = s;
  return ok({ ...data, shipment_id: s.id });
}

interface ShipmentUpdate {
  shpmnt_id?: unknown;
  mark_shipped?: unknown;
  tracknum?: unknown;
  tracktype?: unknown;
  cost?: unknown;
}

export function shipmentListUpdate(ctx: CallContext): MivaResponse {
  const { state, params } = ctx;
  let updates = params.get('Shipment_Updates') as ShipmentUpdate[] | undefined;
  if (updates === undefined && params.has('Shipment_IDs')) {
    // Legacy parallel-array form.
    const ids = params.intArray('Shipment_IDs') ?? [];
    const list = (name: string): unknown[] => {
      const v = params.get(name);
      return Array.isArray(v) ? v : typeof v === 'string' ? v.split('|') : [];
    };
    const marks = list('Mark_Shipped');
    const nums = list('Tracking_List');
    const types = list('TrackingType_List');
    const costs = list('Cost_List');
    updates = ids.map((id, i) => ({
      shpmnt_id: id,
      mark_shipped: marks[i],
      tracknum: nums[i],
      tracktype: types[i],
      cost: costs[i],
    }));
  }
  if (!Array.isArray(updates)) {
    return missingParam('Shipment_Updates');
  }
  const errors = updates.flatMap((u, i) =>
    u === null ||
    typeof u !== 'object' ||
    u.shpmnt_id === undefined ||
    u.shpmnt_id === null ||
    u.shpmnt_id === ''
      ? [{ field: `Shipment_Updates[${i + 1}]:shpmnt_id`, message: 'Missing required parameter' }]
      : [],
  );
  if (errors.length > 0) {
    return inputErrors(errors);
  }
  const touched = new Set<OrderRecord>();
  for (const u of updates) {
    const s = state.shipments.get(Number(u.shpmnt_id));
    if (!s) {
      continue; // unknown shipments are silently ignored
    }
    const rec = state.getOrder(s.order_id);
    // tracknum, tracktype and cost are always overwritten; omitted means blank/zero.
    s.tracknum = u.tracknum === undefined || u.tracknum === null ? '' : text(u.tracknum);
    s.tracktype = u.tracktype === undefined || u.tracktype === null ? '' : text(u.tracktype);
    const template = TRACK_LINKS[s.tracktype.toLowerCase()];
    s.tracklink =
      template && s.tracknum ? template.replace('%tracknum%', encodeURIComponent(s.tracknum)) : '';
    const cost = Number(u.cost ?? 0);
    s.cost = Number.isFinite(cost) ? round2(cost) : 0;
    s.formatted_cost = formatMoney(s.cost);
    if (toBool(u.mark_shipped) && s.status !== 200) {
      s.status = 200;
      s.ship_date = state.now();
      for (const it of rec?.order.items ?? []) {
        if (it.shpmnt_id === s.id && it.status !== 300) {
          it.status = 200;
        }
      }
    }
    if (rec) {
      touched.add(rec);
    }
  }
  for (const rec of touched) {
    state.touch(rec, { requeue: true });
  }
  return ok();
}

/** Recomputes the TAX charge from the live items' tax and drops shipping/handling/tax when nothing is left. */
function recalcCharges(rec: OrderRecord): void {
  const o = rec.order;
  const live = (o.items ?? []).filter((i) => i.status !== 300);
  if (live.length === 0) {
    o.charges = (o.charges ?? []).filter((c) => !['SHIPPING', 'HANDLING', 'TAX'].includes(c.type));
    return;
  }
  const tax = round2(live.reduce((s, i) => s + i.tax, 0));
  for (const c of o.charges ?? []) {
    if (c.type === 'TAX') {
      c.amount = tax;
      c.disp_amt = tax;
      c.formatted_disp_amt = formatMoney(tax);
    }
  }
}

export function cancelItems(ctx: CallContext): MivaResponse {
  const { state } = ctx;
  const rec = loadOrder(ctx);
  const items = itemsOf(rec, lineIds(ctx));
  const reason = ctx.params.string('Reason');
  for (const it of items) {
    if (it.status === 300 || it.status === 600) {
      continue;
    }
    it.status = 300;
    const p = state.products.get(it.product_id);
    if (p && p.product_inventory_active) {
      p.product_inventory = (p.product_inventory ?? 0) + it.quantity;
      p.dt_updated = state.now();
    }
    if (reason) {
      const long = reason.length > 254;
      it.options = [
        ...(it.options ?? []),
        {
          id: 0,
          order_id: it.order_id,
          line_id: it.line_id,
          attr_id: 0,
          attr_code: 'Cancellation Reason',
          attmpat_id: 0,
          option_id: 0,
          opt_code: '',
          retail: 0,
          base_price: 0,
          price: 0,
          weight: 0,
          formatted_weight: formatWeight(0),
          data: long ? '' : reason,
          data_long: long ? reason : '',
          attr_prompt: 'Cancellation Reason',
          opt_prompt: '',
          attribute: 'Cancellation Reason',
          value: reason,
        },
      ];
    }
  }
  recalcCharges(rec);
  state.touch(rec, { requeue: true });
  return ok({ total: rec.order.total, formatted_total: rec.order.formatted_total });
}

export function backOrderItems(ctx: CallContext): MivaResponse {
  const rec = loadOrder(ctx);
  const items = itemsOf(rec, lineIds(ctx));
  const instock = ctx.params.int('Date_InStock') ?? 0;
  for (const it of items) {
    it.status = 400;
    it.dt_instock = Number.isNaN(instock) ? 0 : instock;
  }
  ctx.state.touch(rec, { requeue: true });
  return ok();
}

export function splitItem(ctx: CallContext): MivaResponse {
  const rec = loadOrder(ctx);
  const lineId = ctx.params.int('Line_ID');
  const qty = ctx.params.int('Quantity');
  if (lineId === undefined || Number.isNaN(lineId)) {
    return missingParam('Line_ID');
  }
  if (qty === undefined || Number.isNaN(qty)) {
    return missingParam('Quantity');
  }
  const items = rec.order.items ?? [];
  const original = items.find((i) => i.line_id === lineId);
  if (!original) {
    return error('MER-JSN-ORD-00026', 'Order item not found');
  }
  if (qty <= 0 || qty >= original.quantity) {
    return inputErrors([
      {
        field: 'Quantity',
        message: 'Quantity must be greater than zero and less than the item quantity',
      },
    ]);
  }
  const nextLine = Math.max(...items.map((i) => i.line_id)) + 1;
  const split: MivaOrderItem = structuredClone(original);
  split.line_id = nextLine;
  split.group_id = nextLine;
  split.quantity = qty;
  original.quantity -= qty;
  const scale = (it: MivaOrderItem, from: number): void => {
    for (const d of it.discounts ?? []) {
      d.line_id = it.line_id;
      d.discount = round2((d.discount * it.quantity) / from);
    }
    for (const o of it.options ?? []) {
      o.line_id = it.line_id;
      for (const d of o.discounts ?? []) {
        d.line_id = it.line_id;
        d.discount = round2((d.discount * it.quantity) / from);
      }
    }
    for (const p of it.parts ?? []) {
      p.total_quantity = p.quantity * it.quantity;
    }
    it.total = itemTotal(it);
    it.formatted_total = formatMoney(it.total);
  };
  const before = original.quantity + qty;
  const tax = original.tax;
  scale(original, before);
  scale(split, before);
  split.tax = round2((tax * qty) / before);
  original.tax = round2(tax - split.tax);
  split.formatted_tax = formatMoney(split.tax);
  original.formatted_tax = formatMoney(original.tax);
  items.splice(items.indexOf(original) + 1, 0, split);
  ctx.state.touch(rec, { requeue: true });
  return ok({ original_orderitem: original, split_orderitem: split });
}
