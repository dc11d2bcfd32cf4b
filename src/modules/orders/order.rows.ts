import type { OrderEntity } from './order.entity';

/**
 * The shapes the `orders` table's repositories return (OrdersReadRepository,
 * OrdersWriteRepository), in one place and derived from OrderEntity where a column is returned
 * as is.
 */

/** One order as the feed serves it; `mappedJson` is the stored mapped order's JSON text. */
export interface FeedOrderRow extends Pick<
  OrderEntity,
  'id' | 'storeId' | 'mivaOrderId' | 'revision'
> {
  acknowledged: boolean;
  /** Feed position (bigint as a decimal string). */
  changeSeq: string;
  /** ISO-8601 UTC with milliseconds. */
  changedAt: string;
  mappedJson: string;
}

/** An order's current revision, as an acknowledgement locks it. */
export type CurrentRevision = Pick<OrderEntity, 'id' | 'revision'>;

/** What the write path compares a downloaded order with. */
export type ExistingOrderRow = Pick<
  OrderEntity,
  'mivaOrderId' | 'revision' | 'contentHash' | 'offered'
>;
