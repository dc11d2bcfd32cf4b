// The orderworkflow module functions (docs/MIVA.md §8).
import { error, type MivaResponse, missingParam } from '../json';
import { NEW_AND_UPDATED, RETRIEVED, type QueueDef } from '../state';
import type { CallContext } from './context';
import { listOrders } from './order-list';

function loadQueue(ctx: CallContext): QueueDef | MivaResponse {
  const { state, params } = ctx;
  const id = params.int('Queue_ID');
  const code = params.string('Edit_Queue') ?? params.string('Queue_Code');
  if ((id === undefined || Number.isNaN(id) || id === 0) && (code === undefined || code === '')) {
    return error(
      'MER-UTIL-ORWF-00031',
      'One of Queue_ID, Edit_Queue or Queue_Code must be specified',
    );
  }
  const q = id ? [...state.queues.values()].find((x) => x.id === id) : state.queues.get(code!);
  return q ?? error('MER-UTIL-ORWF-00030', 'Queue not found');
}

export function queueOrderListLoadQuery(ctx: CallContext): MivaResponse {
  const q = loadQueue(ctx);
  if (!('code' in q)) {
    return q;
  }
  const members = ctx.state.queueMembers.get(q.code as string)!;
  const { response, page } = listOrders(ctx, (id) => members.has(id));
  // Each order returned fires order_retrieved. With the default "workflow with acknowledgement"
  // setup that only adds a note (off here), so the order stays queued; the alternative setup
  // moves it to successfully_retrieved_orders at once.
  if (ctx.state.workflowMode === 'retrieve_moves') {
    for (const rec of page) {
      ctx.state.moveToQueue(RETRIEVED, rec.order.id);
    }
  }
  return response;
}

export function orderListAcknowledge(ctx: CallContext): MivaResponse {
  const ids = ctx.params.intArray('Order_IDs');
  if (ids === undefined || ids.length === 0) {
    return missingParam('Order_IDs');
  }
  const warnings: { identifier: string; code: string; message: string }[] = [];
  for (const id of ids) {
    if (!ctx.state.getOrder(id)) {
      warnings.push({
        identifier: String(id),
        code: 'MER-UTIL-ORWF-00180',
        message: 'Order not found',
      });
      continue;
    }
    // "Process Order Acknowledgement": queue_move successfully_retrieved_orders.
    ctx.state.moveToQueue(RETRIEVED, id);
  }
  const out: MivaResponse = { success: 1, processed: ids.length };
  if (warnings.length > 0) {
    out.warnings = warnings;
  }
  return out;
}

export { NEW_AND_UPDATED };
