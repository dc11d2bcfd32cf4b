import type { OmsLineStatus, OmsOrderStatus } from './oms-order.types';

// docs/MIVA.md §6.2. Codes outside these tables map to 'other'; the code itself is always kept.

const ORDER_STATUS_BY_CODE: ReadonlyMap<number, OmsOrderStatus> = new Map([
  [0, 'pending'],
  [100, 'processing'],
  [200, 'shipped'],
  [201, 'partially_shipped'],
  [300, 'cancelled'],
  [400, 'backordered'],
  [500, 'rma_issued'],
  [600, 'returned'],
]);

const LINE_STATUS_BY_CODE: ReadonlyMap<number, OmsLineStatus> = new Map([
  [0, 'pending'],
  [100, 'picking'],
  [200, 'shipped'],
  // Gift certificates and digital goods are fulfilled without shipping; Miva itself counts
  // them as shipped when deriving the order status.
  [210, 'shipped'],
  [211, 'shipped'],
  [220, 'shipped'],
  [221, 'shipped'],
  [300, 'cancelled'],
  [400, 'backordered'],
  [500, 'rma_issued'],
  [600, 'returned'],
]);

export const MIVA_ITEM_CANCELLED = 300;

export function orderStatusName(code: number): OmsOrderStatus {
  return ORDER_STATUS_BY_CODE.get(code) ?? 'other';
}

export function lineStatusName(code: number): OmsLineStatus {
  return LINE_STATUS_BY_CODE.get(code) ?? 'other';
}
