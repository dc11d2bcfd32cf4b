import type { MivaApi } from '../../miva/miva-functions';
import type { MivaOperation } from '../../miva/miva-client';

// Miva's own SDKs send at most 100 ids per OrderList_Acknowledge; one multicall carries a page.
const ACK_BATCH = 100;
const ORDER_NOT_FOUND = 'MER-UTIL-ORWF-00180';

export interface AcknowledgeOutcome {
  /** Ids Miva processed and knew (processed minus the ones it reported as not found). */
  acknowledged: number;
  /** Ids Miva reported as unknown (deleted since they were read). */
  notFound: number[];
  /** Ids sent that Miva did not process (it stops after 60 s); they stay queued for the next run. */
  unprocessed: number;
}

/**
 * `OrderList_Acknowledge` for exactly the committed ids, 100 per operation, all in one multicall
 * (a 206 partial answer is resumed by the client). Acknowledging twice is harmless, so the whole
 * request may be retried. Throws when Miva refuses any batch.
 */
export async function acknowledgeOrders(
  api: MivaApi,
  orderIds: readonly number[],
  signal?: AbortSignal,
): Promise<AcknowledgeOutcome> {
  const outcome: AcknowledgeOutcome = { acknowledged: 0, notFound: [], unprocessed: 0 };
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
  const { results } = await api.client.multicall(operations, { idempotent: true, signal });
  results.forEach((slot, i) => {
    const sent = (operations[i].params?.Order_IDs as number[]).length;
    const result = Array.isArray(slot) ? slot[0] : slot;
    if (result === undefined || !result.ok) {
      throw result?.error ?? new Error('Miva answered no result for an acknowledgement');
    }
    const notFound = result.warnings
      .filter((w) => w.code === ORDER_NOT_FOUND || /not found/i.test(w.message))
      .map((w) => Number(w.identifier))
      .filter((id) => Number.isInteger(id));
    const processed = Math.min(sent, result.processed ?? 0);
    outcome.notFound.push(...notFound);
    outcome.acknowledged += Math.max(0, processed - notFound.length);
    outcome.unprocessed += sent - processed;
  });
  return outcome;
}
