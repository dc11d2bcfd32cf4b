// Pure rules of shipments: how much of each line is still unshipped, which lines a request
// ships, and, for the relay, the next step towards Miva given the order as Miva has it now.
import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { OmsLine } from '../../mappers/oms-order.types';
import { MivaItemStatus, MivaOrderItem, MivaShipment } from '../../miva-model/miva.models';
import type { ShipmentLine } from './shipment.entity';

/** The part of a Miva item the rules read. */
export type ItemState = Pick<
  MivaOrderItem,
  'line_id' | 'quantity' | 'status' | 'shpmnt_id' | 'product_id' | 'code' | 'sku'
>;

/** A line of one of our shipments that still holds quantity (not failed before reaching Miva). */
export type Allocation = Pick<ShipmentLine, 'sourceLineId' | 'quantity' | 'mivaLineId'>;

export interface RequestedLine {
  lineId: string;
  quantity: number;
}

// Items in these states can still go into a shipment; shipped, cancelled, returned and
// adjustment items cannot.
const SHIPPABLE = new Set<number>([
  MivaItemStatus.Pending,
  MivaItemStatus.Picking,
  MivaItemStatus.Backordered,
]);

export function isShippable(item: Pick<MivaOrderItem, 'status' | 'shpmnt_id'>): boolean {
  return item.shpmnt_id === 0 && SHIPPABLE.has(item.status);
}

/**
 * Unshipped quantity per Miva line id: what the stored Miva snapshot shows as not yet in any
 * shipment, minus what our own shipments have taken and the snapshot does not show yet (it may
 * predate our split or our shipment; a later download reflects them).
 */
export function unshippedByLine(
  items: readonly ItemState[],
  allocations: readonly Allocation[],
): Map<number, number> {
  const byId = new Map(items.map((item) => [item.line_id, item]));
  const left = new Map<number, number>();
  for (const item of items) {
    left.set(item.line_id, isShippable(item) ? item.quantity : 0);
  }
  for (const a of allocations) {
    // Once the snapshot knows the split line, the allocation sits on it; before, on its source.
    const line = a.mivaLineId !== null && byId.has(a.mivaLineId) ? a.mivaLineId : a.sourceLineId;
    const current = left.get(line);
    if (current !== undefined) {
      left.set(line, Math.max(0, current - a.quantity));
    }
  }
  return left;
}

/**
 * The lines a new shipment takes: the requested ones, checked against what is unshipped, or
 * (nothing requested) everything unshipped. Throws 400 for lines that are not shippable product
 * lines of the order, 422 QUANTITY_EXCEEDED for more than is unshipped.
 */
export function planShipmentLines(
  orderLines: readonly OmsLine[],
  items: readonly ItemState[],
  allocations: readonly Allocation[],
  requested: readonly RequestedLine[] | undefined,
): ShipmentLine[] {
  const unshipped = unshippedByLine(items, allocations);
  const products = orderLines.filter((l) => l.kind === 'product' && l.sourceLineId !== null);

  if (requested === undefined) {
    const lines = products.flatMap((l): ShipmentLine[] => {
      const quantity = unshipped.get(l.sourceLineId!) ?? 0;
      return quantity > 0
        ? [{ lineId: l.lineId, sourceLineId: l.sourceLineId!, quantity, mivaLineId: null }]
        : [];
    });
    if (lines.length === 0) {
      throw new DomainError(
        ErrorCode.QuantityExceeded,
        'Every line of this order is already shipped or cancelled',
      );
    }
    return lines;
  }

  const byLineId = new Map(orderLines.map((l) => [l.lineId, l]));
  const invalid: ErrorDetail[] = [];
  const seen = new Set<string>();
  requested.forEach((r, i) => {
    const line = byLineId.get(r.lineId);
    if (seen.has(r.lineId)) {
      invalid.push({ field: `lines.${i}.lineId`, message: `line ${r.lineId} is listed twice` });
    } else if (line === undefined) {
      invalid.push({ field: `lines.${i}.lineId`, message: `the order has no line ${r.lineId}` });
    } else if (line.kind !== 'product' || line.sourceLineId === null) {
      invalid.push({
        field: `lines.${i}.lineId`,
        message: `line ${r.lineId} is a ${line.kind} line; only product lines are shipped`,
      });
    }
    seen.add(r.lineId);
  });
  if (invalid.length > 0) {
    throw DomainError.validation(invalid);
  }

  const exceeded: ErrorDetail[] = [];
  const lines = requested.map((r, i): ShipmentLine => {
    const sourceLineId = byLineId.get(r.lineId)!.sourceLineId!;
    const available = unshipped.get(sourceLineId) ?? 0;
    if (r.quantity > available) {
      exceeded.push({
        field: `lines.${i}.quantity`,
        message: `line ${r.lineId} has ${available} unshipped, ${r.quantity} requested`,
        lineId: r.lineId,
        requested: r.quantity,
        unshipped: available,
      });
    }
    return { lineId: r.lineId, sourceLineId, quantity: r.quantity, mivaLineId: null };
  });
  if (exceeded.length > 0) {
    throw new DomainError(
      ErrorCode.QuantityExceeded,
      'More than the unshipped quantity was requested',
      exceeded,
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Idempotency: the same shipmentRef must mean the same shipment

/** What a shipment request says, as recorded or as sent again (defaults applied). */
export interface ShipmentContent {
  /** Undefined in a repeated request that lists no lines (see shipmentDifferences). */
  lines: readonly RequestedLine[] | undefined;
  carrier: string;
  trackingNumber: string;
  costCents: number;
  markShipped: boolean;
}

function linesKey(lines: readonly RequestedLine[]): string {
  return lines
    .map((l) => `${l.lineId}\u0000${l.quantity}`)
    .sort()
    .join('\u0001');
}

/**
 * The fields in which a repeated shipment request differs from the recorded one (empty: the
 * same request). Lines compare as a set of (lineId, quantity). A repeat that lists no lines meant
 * "everything unshipped" at the time of the first request, which cannot be recomputed now, so
 * its lines are not compared; every other field is.
 */
export function shipmentDifferences(
  recorded: ShipmentContent,
  repeated: ShipmentContent,
): string[] {
  const fields: string[] = [];
  if (
    recorded.lines !== undefined &&
    repeated.lines !== undefined &&
    linesKey(recorded.lines) !== linesKey(repeated.lines)
  ) {
    fields.push('lines');
  }
  if (recorded.carrier !== repeated.carrier) {
    fields.push('carrier');
  }
  if (recorded.trackingNumber !== repeated.trackingNumber) {
    fields.push('trackingNumber');
  }
  if (recorded.costCents !== repeated.costCents) {
    fields.push('cost');
  }
  if (recorded.markShipped !== repeated.markShipped) {
    fields.push('markShipped');
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// The relay's next step

/** A shipment as the relay sees it. */
export interface ShipmentProgress {
  lines: readonly RelayLine[];
  mivaShipmentId: number | null;
}

/** A shipment line with the split the relay may have started for it. */
export interface RelayLine extends ShipmentLine {
  /**
   * Set right before OrderItem_Split is called: the Miva line ids that existed then. If the
   * outcome of the split is lost, the split line is the new line of that product and quantity.
   */
  splitKnownLineIds?: number[] | null;
}

/** What Miva's order looks like right now (items and shipments loaded live). */
export interface LiveOrder {
  items: readonly ItemState[];
  shipments: readonly MivaShipment[];
}

export type RelayStep =
  /** Record these resolved Miva lines (no Miva call needed), then decide again. */
  | { kind: 'resolve'; index: number; mivaLineId: number }
  /** Record the intent, then OrderItem_Split(sourceLineId, quantity). */
  | { kind: 'split'; index: number; sourceLineId: number; quantity: number }
  /** OrderItemList_CreateShipment for these Miva lines. */
  | { kind: 'create'; lineIds: number[] }
  /** Our lines already sit, alone, in this Miva shipment (created before a crash): take it. */
  | { kind: 'adopt'; shipment: Pick<MivaShipment, 'id' | 'code'> }
  /** OrderShipmentList_Update with every field, then done. */
  | { kind: 'update' }
  /** Miva's order no longer allows this shipment. */
  | { kind: 'fail'; message: string };

/**
 * The next step of a shipment given Miva's live order. `claimedShipmentIds` are the Miva
 * shipments our other shipments of this order own: never adopted.
 */
export function nextRelayStep(
  shipment: ShipmentProgress,
  live: LiveOrder,
  claimedShipmentIds: ReadonlySet<number>,
): RelayStep {
  if (shipment.mivaShipmentId !== null) {
    return { kind: 'update' };
  }
  const byId = new Map(live.items.map((item) => [item.line_id, item]));

  for (const [index, line] of shipment.lines.entries()) {
    if (line.mivaLineId !== null) {
      continue;
    }
    const source = byId.get(line.sourceLineId);
    if (source === undefined) {
      return { kind: 'fail', message: `Miva line ${line.sourceLineId} no longer exists` };
    }
    if (line.splitKnownLineIds) {
      // A split was sent and its answer lost: find the line it made, if it made one.
      const known = new Set(line.splitKnownLineIds);
      const made = live.items.find(
        (item) =>
          !known.has(item.line_id) &&
          item.product_id === source.product_id &&
          item.code === source.code &&
          item.sku === source.sku &&
          item.quantity === line.quantity &&
          item.shpmnt_id === 0,
      );
      if (made) {
        return { kind: 'resolve', index, mivaLineId: made.line_id };
      }
    }
    if (!isShippable(source)) {
      return {
        kind: 'fail',
        message:
          source.shpmnt_id !== 0
            ? `Miva line ${source.line_id} is already in Miva shipment ${source.shpmnt_id}`
            : `Miva line ${source.line_id} can no longer be shipped (item status ${source.status})`,
      };
    }
    if (source.quantity === line.quantity) {
      return { kind: 'resolve', index, mivaLineId: source.line_id };
    }
    if (source.quantity > line.quantity) {
      return { kind: 'split', index, sourceLineId: source.line_id, quantity: line.quantity };
    }
    return {
      kind: 'fail',
      message: `Miva line ${source.line_id} has only ${source.quantity} left, ${line.quantity} to ship`,
    };
  }

  // Every line is resolved: create the shipment, or adopt the one made before a lost answer.
  const ours = shipment.lines.map((l) => l.mivaLineId!);
  const items = ours.map((id) => byId.get(id));
  const missing = ours.find((_, i) => items[i] === undefined);
  if (missing !== undefined) {
    return { kind: 'fail', message: `Miva line ${missing} no longer exists` };
  }
  const shipmentIds = new Set(items.map((item) => item!.shpmnt_id));
  const [id] = shipmentIds;
  if (shipmentIds.size === 1 && id !== undefined && id !== 0) {
    const inIt = live.items.filter((item) => item.shpmnt_id === id).map((item) => item.line_id);
    const exact = inIt.length === ours.length && inIt.every((lineId) => ours.includes(lineId));
    if (exact && !claimedShipmentIds.has(id)) {
      const found = live.shipments.find((s) => s.id === id);
      return { kind: 'adopt', shipment: { id, code: found?.code ?? '' } };
    }
  }
  const taken = items.find((item) => item!.shpmnt_id !== 0);
  if (taken) {
    return {
      kind: 'fail',
      message: `Miva line ${taken.line_id} is already in Miva shipment ${taken.shpmnt_id}, not made by this request`,
    };
  }
  const closed = items.find((item) => !isShippable(item!));
  if (closed) {
    return {
      kind: 'fail',
      message: `Miva line ${closed.line_id} can no longer be shipped (item status ${closed.status})`,
    };
  }
  return { kind: 'create', lineIds: ours };
}
