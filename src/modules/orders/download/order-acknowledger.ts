import type { MivaOperation, MivaOperationResult } from '../../miva/miva-client';
import { MivaError, MivaErrorKind } from '../../miva/miva-errors';
import type { MivaApi } from '../../miva/miva-api';
import { MivaListQuery, where } from '../../miva/miva-list-query';
import type { MivaListResult, MivaOrder } from '../../../miva-model/miva.models';

// Miva's own SDKs send at most 100 ids per OrderList_Acknowledge; one multicall carries a page.
const ACK_BATCH = 100;
const ORDER_NOT_FOUND = 'MER-UTIL-ORWF-00180';

// The base fields every order list returns (no on-demand column needed): status, counts, money,
// both addresses, shipping. A change to items, payments, shipments or addresses shows in them.
// Not dt_updated or note_count: the store's own workflows move those on every read and
// acknowledgement.
const FINGERPRINT_FIELDS = [
  'status',
  'pay_status',
  'stk_status',
  'pend_count',
  'bord_count',
  'total',
  'total_ship',
  'total_tax',
  'total_auth',
  'total_capt',
  'total_rfnd',
  'net_capt',
  'ship_id',
  'ship_data',
  ...[
    'fname',
    'lname',
    'email',
    'comp',
    'phone',
    'fax',
    'addr1',
    'addr2',
    'city',
    'state',
    'zip',
  ].flatMap((f) => [`ship_${f}`, `bill_${f}`]),
  'ship_cntry',
  'bill_cntry',
];
// The store's own custom fields (not the orderworkflow queue flags).
const CUSTOM_FIELDS_COLUMN = 'CustomField_Values:customfields:*';

/** What the verification compares: base fields and the `customfields` module's values. */
export function orderFingerprint(order: MivaOrder): string {
  const record = order as unknown as Record<string, unknown>;
  const values = FINGERPRINT_FIELDS.map((field) => record[field] ?? null);
  values.push(order.CustomField_Values?.customfields ?? null);
  return JSON.stringify(values);
}

/** Each order's fingerprint by id: what an acknowledgement later compares with. */
export function fingerprintsOf(orders: readonly MivaOrder[]): Map<number, string> {
  return new Map(orders.map((order) => [order.id, orderFingerprint(order)]));
}

export interface AcknowledgeOutcome {
  /** Ids Miva processed and knew (processed minus the ones it reported as not found). */
  acknowledged: number;
  /** Ids Miva reported as unknown (deleted since they were read). */
  notFound: number[];
  /** Ids sent that Miva did not process (it stops after 60 s); they stay queued for the next run. */
  unprocessed: number;
  /**
   * Ids whose order no longer looks as it was read: changed between our read and our
   * acknowledgement. Miva keeps one queue flag per order, so such a change was acknowledged away
   * with the order: the caller must read these orders again.
   */
  changed: number[];
}

/**
 * `OrderList_Acknowledge` for exactly the committed ids (100 per operation), followed in the same
 * multicall by a read of those orders' base fields (no workflow fires). Comparing that read with
 * the fingerprints of the orders as first read (`read`, see fingerprintsOf) finds every order
 * changed before the acknowledgement took it out of the queue; one changed after that read is queued again by Miva's own workflow. A 206 partial
 * answer is resumed by the client; acknowledging twice is harmless, so the request may be retried.
 * Throws when Miva refuses any operation.
 */
export async function acknowledgeOrders(
  api: MivaApi,
  read: ReadonlyMap<number, string>,
  orderIds: readonly number[],
  signal?: AbortSignal,
): Promise<AcknowledgeOutcome> {
  const outcome: AcknowledgeOutcome = {
    acknowledged: 0,
    notFound: [],
    unprocessed: 0,
    changed: [],
  };
  if (orderIds.length === 0) {
    return outcome;
  }
  const operations: MivaOperation[] = [];
  for (let i = 0; i < orderIds.length; i += ACK_BATCH) {
    const batch = orderIds.slice(i, i + ACK_BATCH);
    operations.push({
      function: 'Module',
      params: {
        Module_Code: 'orderworkflow',
        Module_Function: 'OrderList_Acknowledge',
        Order_IDs: batch,
      },
      expectedProcessed: batch.length,
    });
  }
  const verify = byIds(MivaListQuery.create(), orderIds).columns(CUSTOM_FIELDS_COLUMN).sort('id');
  operations.push({
    function: 'OrderList_Load_Query',
    params: { ...verify.toParams(), Offset: 0, Count: orderIds.length },
  });
  const { results } = await api.client.multicall(operations, { idempotent: true, signal });

  const acks = results.slice(0, -1);
  acks.forEach((slot, i) => {
    const sent = (operations[i]?.params?.Order_IDs as number[]).length;
    const result = single(slot);
    const notFound = result.warnings
      .filter((w) => w.code === ORDER_NOT_FOUND || /not found/i.test(w.message))
      .map((w) => Number(w.identifier))
      .filter((id) => Number.isInteger(id));
    const processed = Math.min(sent, result.processed ?? 0);
    outcome.notFound.push(...notFound);
    outcome.acknowledged += Math.max(0, processed - notFound.length);
    outcome.unprocessed += sent - processed;
  });

  const now = single(results.at(-1)).data as Partial<MivaListResult<MivaOrder>>;
  if (!Array.isArray(now?.data)) {
    throw new MivaError(
      MivaErrorKind.BadResponse,
      'Miva OrderList_Load_Query did not return a list',
      { functionName: 'OrderList_Load_Query' },
    );
  }
  for (const order of now.data) {
    if (read.has(order.id) && orderFingerprint(order) !== read.get(order.id)) {
      outcome.changed.push(order.id);
    }
  }
  return outcome;
}

/**
 * Exactly these orders: the id range first (what an index answers fast; the simulator also
 * evaluates conditions in order), then the list itself.
 */
export function byIds(query: MivaListQuery, ids: readonly number[]): MivaListQuery {
  let low = Infinity;
  let high = -Infinity;
  for (const id of ids) {
    low = Math.min(low, id);
    high = Math.max(high, id);
  }
  return query.where(where.ge('id', low)).where(where.le('id', high)).where(where.in('id', ids));
}

function single(slot: MivaOperationResult | undefined) {
  const result = Array.isArray(slot) ? slot[0] : slot;
  if (result === undefined) {
    throw new MivaError(MivaErrorKind.BadResponse, 'Miva answered no result for an operation');
  }
  if (!result.ok) {
    throw result.error;
  }
  return result;
}
