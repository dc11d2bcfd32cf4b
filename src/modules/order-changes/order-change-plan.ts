// Pure rules of cancellations and backorders: how much of each line is still open to a change,
// which lines a request changes, whether a repeated ref is the same request, and, for the relay,
// the next step towards Miva given the order as Miva has it now.
import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { OmsLine } from '../../mappers/oms-order.types';
import { MivaItemStatus, MivaOrderItem } from '../../miva-model/miva.models';
import type { OrderChangeKind, OrderChangeLine } from './order-change.entity';

/** The part of a Miva item the rules read. */
export type ItemState = Pick<
  MivaOrderItem,
  'line_id' | 'quantity' | 'status' | 'shpmnt_id' | 'product_id' | 'code' | 'sku'
>;

/**
 * Quantity our own work holds on a Miva line (a shipment, a cancellation, a backorder) that the
 * stored snapshot may not show yet.
 */
export interface Allocation {
  sourceLineId: number;
  quantity: number;
  mivaLineId: number | null;
}

export interface RequestedLine {
  lineId: string;
  quantity: number;
}

const TARGET_STATUS: Record<OrderChangeKind, number> = {
  cancellation: MivaItemStatus.Cancelled,
  backorder: MivaItemStatus.Backordered,
};

// A line neither shipped nor in a shipment nor cancelled can be cancelled (a backordered one
// too); a backorder also needs it not backordered already.
const CHANGEABLE: Record<OrderChangeKind, ReadonlySet<number>> = {
  cancellation: new Set([
    MivaItemStatus.Pending,
    MivaItemStatus.Picking,
    MivaItemStatus.Backordered,
  ]),
  backorder: new Set([MivaItemStatus.Pending, MivaItemStatus.Picking]),
};

const VERB: Record<OrderChangeKind, string> = { cancellation: 'cancel', backorder: 'backorder' };

export function targetStatus(kind: OrderChangeKind): number {
  return TARGET_STATUS[kind];
}

export function isChangeable(
  kind: OrderChangeKind,
  item: Pick<MivaOrderItem, 'status' | 'shpmnt_id'>,
): boolean {
  return item.shpmnt_id === 0 && CHANGEABLE[kind].has(item.status);
}

/**
 * Quantity per Miva line id still open to a change of this kind: what the stored snapshot shows
 * as changeable, minus what our own work has taken and the snapshot does not show yet (once the
 * snapshot knows a split line, the allocation sits on it; before, on its source line).
 */
export function openByLine(
  kind: OrderChangeKind,
  items: readonly ItemState[],
  allocations: readonly Allocation[],
): Map<number, number> {
  const known = new Set(items.map((item) => item.line_id));
  const left = new Map<number, number>();
  for (const item of items) {
    left.set(item.line_id, isChangeable(kind, item) ? item.quantity : 0);
  }
  for (const a of allocations) {
    const line = a.mivaLineId !== null && known.has(a.mivaLineId) ? a.mivaLineId : a.sourceLineId;
    const current = left.get(line);
    if (current !== undefined) {
      left.set(line, Math.max(0, current - a.quantity));
    }
  }
  return left;
}

/**
 * The lines a new change takes, checked against what is open. Throws 400 for lines the order
 * does not have (or lists twice), 422 LINE_NOT_CHANGEABLE for kit components, discounts and
 * coupons (Miva changes whole items), 422 QUANTITY_EXCEEDED for more than is open.
 */
export function planChangeLines(
  kind: OrderChangeKind,
  orderLines: readonly OmsLine[],
  items: readonly ItemState[],
  allocations: readonly Allocation[],
  requested: readonly RequestedLine[],
): OrderChangeLine[] {
  const byLineId = new Map(orderLines.map((l) => [l.lineId, l]));
  const invalid: ErrorDetail[] = [];
  const notChangeable: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const [i, r] of requested.entries()) {
    const line = byLineId.get(r.lineId);
    const field = `lines.${i}.lineId`;
    if (seen.has(r.lineId)) {
      invalid.push({ field, message: `line ${r.lineId} is listed twice` });
    } else if (line === undefined) {
      invalid.push({ field, message: `the order has no line ${r.lineId}` });
    } else if (line.kind !== 'product' || line.sourceLineId === null) {
      notChangeable.push({
        field,
        lineId: r.lineId,
        kind: line.kind,
        message: `line ${r.lineId} is a ${line.kind} line; only product lines can be changed`,
      });
    }
    seen.add(r.lineId);
  }
  if (invalid.length > 0) {
    throw DomainError.validation(invalid);
  }
  if (notChangeable.length > 0) {
    throw new DomainError(
      ErrorCode.LineNotChangeable,
      `Only product lines can be named in a ${kind}`,
      notChangeable,
    );
  }

  const open = openByLine(kind, items, allocations);
  const exceeded: ErrorDetail[] = [];
  const lines = requested.map((r, i): OrderChangeLine => {
    const sourceLineId = byLineId.get(r.lineId)?.sourceLineId ?? 0;
    const available = open.get(sourceLineId) ?? 0;
    if (r.quantity > available) {
      exceeded.push({
        field: `lines.${i}.quantity`,
        message: `line ${r.lineId} has ${available} open to ${VERB[kind]}, ${r.quantity} requested`,
        lineId: r.lineId,
        requested: r.quantity,
        open: available,
      });
    }
    return { lineId: r.lineId, sourceLineId, quantity: r.quantity, mivaLineId: null };
  });
  if (exceeded.length > 0) {
    throw new DomainError(
      ErrorCode.QuantityExceeded,
      kind === 'cancellation'
        ? 'More than the quantity neither shipped nor cancelled was requested'
        : 'More than the quantity neither shipped, cancelled nor backordered was requested',
      exceeded,
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Idempotency: the same ref must mean the same request

/** What a change request says, as recorded or as sent again. */
export interface ChangeContent {
  lines: readonly RequestedLine[];
  reason: string | null;
  expectedAt: Date | null;
}

function lineKey(lines: readonly RequestedLine[]): string {
  return lines
    .map((l) => `${l.lineId}\u0000${l.quantity}`)
    .sort()
    .join('\u0001');
}

/**
 * The fields in which a repeated request differs from the recorded one (empty: the same
 * request). Lines compare as a set of (lineId, quantity); dates as instants.
 */
export function changeDifferences(recorded: ChangeContent, repeated: ChangeContent): string[] {
  const fields: string[] = [];
  if (lineKey(recorded.lines) !== lineKey(repeated.lines)) {
    fields.push('lines');
  }
  if (recorded.reason !== repeated.reason) {
    fields.push('reason');
  }
  if ((recorded.expectedAt?.getTime() ?? null) !== (repeated.expectedAt?.getTime() ?? null)) {
    fields.push('expectedAt');
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// The relay's next step

export type ChangeStep =
  /** Record this resolved Miva line (no Miva call needed), then decide again. */
  | { kind: 'resolve'; index: number; mivaLineId: number }
  /** Record the intent, then OrderItem_Split(sourceLineId, quantity). */
  | { kind: 'split'; index: number; sourceLineId: number; quantity: number }
  /** OrderItemList_Cancel / OrderItemList_BackOrder for these Miva lines. */
  | { kind: 'send'; lineIds: number[] }
  /** Every line is already cancelled/backordered (a lost answer, or done in Miva): nothing to send. */
  | { kind: 'done' }
  /** Miva's order no longer allows this change. */
  | { kind: 'fail'; message: string };

function whyNot(kind: OrderChangeKind, item: ItemState): string {
  if (item.shpmnt_id !== 0) {
    return `Miva line ${item.line_id} is in Miva shipment ${item.shpmnt_id}`;
  }
  return `Miva line ${item.line_id} can no longer be ${kind === 'cancellation' ? 'cancelled' : 'backordered'} (item status ${item.status})`;
}

/** The next step of a change given Miva's live order items. */
export function nextChangeStep(
  kind: OrderChangeKind,
  lines: readonly OrderChangeLine[],
  live: readonly ItemState[],
): ChangeStep {
  const target = TARGET_STATUS[kind];
  const byId = new Map(live.map((item) => [item.line_id, item]));

  for (const [index, line] of lines.entries()) {
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
      const made = live.find(
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
    if (source.status === target) {
      // The whole line is in that state already (this change's quantity with it).
      return { kind: 'resolve', index, mivaLineId: source.line_id };
    }
    if (!isChangeable(kind, source)) {
      return { kind: 'fail', message: whyNot(kind, source) };
    }
    if (source.quantity === line.quantity) {
      return { kind: 'resolve', index, mivaLineId: source.line_id };
    }
    if (source.quantity > line.quantity) {
      return { kind: 'split', index, sourceLineId: source.line_id, quantity: line.quantity };
    }
    return {
      kind: 'fail',
      message: `Miva line ${source.line_id} has only ${source.quantity} left, ${line.quantity} to ${VERB[kind]}`,
    };
  }

  // Every line is resolved: send the change for the lines not yet in its state.
  const todo: number[] = [];
  for (const line of lines) {
    const item = line.mivaLineId === null ? undefined : byId.get(line.mivaLineId);
    if (item === undefined) {
      return { kind: 'fail', message: `Miva line ${line.mivaLineId ?? '?'} no longer exists` };
    }
    if (item.status === target) {
      continue;
    }
    if (!isChangeable(kind, item)) {
      return { kind: 'fail', message: whyNot(kind, item) };
    }
    if (!todo.includes(item.line_id)) {
      todo.push(item.line_id);
    }
  }
  return todo.length === 0 ? { kind: 'done' } : { kind: 'send', lineIds: todo };
}
