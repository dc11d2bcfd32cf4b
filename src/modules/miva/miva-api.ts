import { MivaClient, MivaResult, MivaSuccess } from './miva-client';
import { MivaError, MivaErrorKind, MivaWarning } from './miva-errors';
import { decodeListBody } from './miva-list-body';
import { MivaListQuery, MivaPage, paginate, where } from './miva-list-query';
import type {
  MivaListResult,
  MivaOrder,
  MivaOrderCustomField,
  MivaOrderItem,
  MivaProduct,
  MivaShipment,
} from '../../miva-model/miva.models';

// Typed wrappers of the Miva functions we use (docs/MIVA.md §8-§10). Each states whether it
// may be retried after an ambiguous failure: reads and overwrites may, creations and deltas not.

export interface MivaListOptions {
  offset?: number;
  /** Rows to return; must be ≥ 1 (Miva's Count 0 means "all rows", which we never ask for). */
  count: number;
  signal?: AbortSignal;
}

export interface MivaOrderListOptions extends MivaListOptions {
  /** Decrypts payment data (with the `payment_data` column). Sent only when given. */
  passphrase?: string;
}

export interface MivaPaginateListOptions {
  pageSize: number;
  concurrency?: number;
  startOffset?: number;
}

export interface MivaOrderPaginateOptions extends MivaPaginateListOptions {
  passphrase?: string;
}

export interface MivaAcknowledgeResult {
  /** Ids sent. */
  expected: number;
  /** Miva's `processed`, summed over the batches. */
  processed: number;
  /** Ids Miva reported as unknown (warning MER-UTIL-ORWF-00180). */
  notFound: number[];
  warnings: MivaWarning[];
  /** True when Miva processed fewer ids than sent (it stops after 60 s). */
  short: boolean;
}

/** `OrderItemList_CreateShipment` data: the shipment plus `shipment_id`. */
export interface MivaCreatedShipment extends MivaShipment {
  shipment_id?: number;
}

export interface MivaSplitResult {
  original_orderitem: MivaOrderItem;
  split_orderitem: MivaOrderItem;
}

/** One entry of `OrderShipmentList_Update`. Tracking and cost are overwritten on every call. */
export interface MivaShipmentUpdate {
  shpmnt_id: number;
  mark_shipped: boolean;
  tracknum: string;
  tracktype: string;
  cost: number;
}

/** One entry of `ProductList_Adjust_Inventory`: a delta for one product named one way. */
export type MivaInventoryAdjustment = { adjustment: number } & (
  { product_id: number } | { product_code: string } | { product_sku: string }
);

/** `Product_Update`: one loader plus the fields to change. `Product_Inventory` is absolute. */
export interface MivaProductUpdate {
  Product_ID?: number;
  Edit_Product?: string;
  Product_Code?: string;
  Product_SKU?: string;
  Product_Name?: string;
  Product_Price?: number;
  Product_Cost?: number;
  Product_Weight?: number;
  Product_Active?: boolean;
  Product_Taxable?: boolean;
  Product_Description?: string;
  Product_Inventory?: number;
  CustomField_Values?: Record<string, Record<string, string | number>>;
  /** Any other Product_Update parameter, passed through as is. */
  extra?: Record<string, unknown>;
}

export type MivaCredentialCheckName = 'orders' | 'queue' | 'acknowledge' | 'custom_fields';

export interface MivaCredentialCheckOptions {
  /** OrderList_Load_Query (needed to re-read single orders). Default true. */
  orders?: boolean;
  /** The queue function (QueueOrderList_Load_Query) and that this queue exists. */
  queueCode?: string;
  /** OrderList_Acknowledge (the queue_ack strategy). */
  acknowledge?: boolean;
  /** OrderCustomFieldList_Load. Also used when no other check is selected. */
  customFields?: boolean;
}

export type MivaCredentialCheckResult =
  | { ok: true; checks: MivaCredentialCheckName[] }
  | {
      ok: false;
      check: MivaCredentialCheckName;
      error: MivaError;
      /** True when Miva could not be reached (network, timeout, HTTP error, API offline). */
      unreachable: boolean;
    };

const ORDERWORKFLOW = 'orderworkflow';
const ACK_BATCH = 100;
// No order has this id; filtering to it reads nothing, so no order_retrieved workflow fires.
const IMPOSSIBLE_ORDER_ID = -1;

const UNREACHABLE_KINDS: ReadonlySet<MivaErrorKind> = new Set<MivaErrorKind>([
  MivaErrorKind.Network,
  MivaErrorKind.Timeout,
  MivaErrorKind.HttpStatus,
  MivaErrorKind.BadResponse,
  MivaErrorKind.ApiOffline,
]);

function listParams(query: MivaListQuery | undefined, options: MivaListOptions) {
  if (!Number.isInteger(options.count) || options.count < 1) {
    throw new RangeError('count must be an integer >= 1');
  }
  return { ...query?.toParams(), Offset: options.offset ?? 0, Count: options.count };
}

function listResult<T>(result: MivaSuccess<unknown>, fn: string): MivaListResult<T> {
  const data = result.data as Partial<MivaListResult<T>> | undefined;
  if (!data || !Array.isArray(data.data) || typeof data.total_count !== 'number') {
    throw new MivaError(MivaErrorKind.BadResponse, `Miva ${fn} did not return a list`, {
      functionName: fn,
    });
  }
  return {
    total_count: data.total_count,
    start_offset: typeof data.start_offset === 'number' ? data.start_offset : 0,
    data: data.data,
  };
}

/** Miva's functions as typed methods over one MivaClient (one store). */
export class MivaApi {
  constructor(readonly client: MivaClient) {}

  // Orders ------------------------------------------------------------------------------------

  /** `OrderList_Load_Query`: one page of orders (each order's bytes kept: `sourceBytesOf`). */
  async loadOrders(
    query: MivaListQuery | undefined,
    options: MivaOrderListOptions,
  ): Promise<MivaListResult<MivaOrder>> {
    const params: Record<string, unknown> = listParams(query, options);
    if (options.passphrase) {
      params.Passphrase = options.passphrase;
    }
    const result = await this.client.call('OrderList_Load_Query', params, {
      idempotent: true,
      decode: decodeListBody,
      signal: options.signal,
    });
    return listResult<MivaOrder>(result, 'OrderList_Load_Query');
  }

  /** Every page of `OrderList_Load_Query`, in order (see `paginate` for the consistency rule). */
  paginateOrders(
    query: MivaListQuery | undefined,
    options: MivaOrderPaginateOptions,
  ): AsyncGenerator<MivaPage<MivaOrder>, void, undefined> {
    return paginate(
      (offset, count) => this.loadOrders(query, { offset, count, passphrase: options.passphrase }),
      options,
    );
  }

  /**
   * `QueueOrderList_Load_Query` (module orderworkflow): one page of the orders in a queue.
   * Reading fires Miva's `order_retrieved` workflows for every order returned. Each order's bytes
   * are kept (`sourceBytesOf`).
   */
  async loadQueueOrders(
    queueCode: string,
    query: MivaListQuery | undefined,
    options: MivaOrderListOptions,
  ): Promise<MivaListResult<MivaOrder>> {
    const params: Record<string, unknown> = {
      Module_Code: ORDERWORKFLOW,
      Module_Function: 'QueueOrderList_Load_Query',
      Queue_Code: queueCode,
      ...listParams(query, options),
    };
    if (options.passphrase) {
      params.Passphrase = options.passphrase;
    }
    // A repeated read only re-fires order_retrieved, which the queue workflows tolerate.
    const result = await this.client.call('Module', params, {
      idempotent: true,
      decode: decodeListBody,
      signal: options.signal,
    });
    return listResult<MivaOrder>(result, 'QueueOrderList_Load_Query');
  }

  /** Every page of a queue. Only safe when reading does not remove orders from the queue. */
  paginateQueueOrders(
    queueCode: string,
    query: MivaListQuery | undefined,
    options: MivaOrderPaginateOptions,
  ): AsyncGenerator<MivaPage<MivaOrder>, void, undefined> {
    return paginate(
      (offset, count) =>
        this.loadQueueOrders(queueCode, query, { offset, count, passphrase: options.passphrase }),
      options,
    );
  }

  /**
   * `OrderList_Acknowledge` (module orderworkflow), 100 ids per request. Unknown ids come back
   * in `notFound`; `short` says Miva processed fewer ids than sent. Acknowledging twice is
   * harmless, so after a failure the whole list can simply be sent again.
   */
  async acknowledgeOrders(orderIds: readonly number[]): Promise<MivaAcknowledgeResult> {
    const outcome: MivaAcknowledgeResult = {
      expected: orderIds.length,
      processed: 0,
      notFound: [],
      warnings: [],
      short: false,
    };
    for (let i = 0; i < orderIds.length; i += ACK_BATCH) {
      const batch = orderIds.slice(i, i + ACK_BATCH);
      const result = await this.client.call(
        'Module',
        {
          Module_Code: ORDERWORKFLOW,
          Module_Function: 'OrderList_Acknowledge',
          Order_IDs: batch,
        },
        { idempotent: true, expectedProcessed: batch.length },
      );
      outcome.processed += result.processed ?? 0;
      outcome.short ||= result.shortfall !== undefined;
      outcome.warnings.push(...result.warnings);
      for (const warning of result.warnings) {
        if (/not found/i.test(warning.message) && /^\d+$/.test(warning.identifier)) {
          outcome.notFound.push(Number(warning.identifier));
        }
      }
    }
    return outcome;
  }

  /** `OrderCustomFieldList_Load`: the order custom fields, queue flags included. */
  async loadOrderCustomFields(): Promise<MivaOrderCustomField[]> {
    const result = await this.client.call<MivaOrderCustomField[]>(
      'OrderCustomFieldList_Load',
      {},
      { idempotent: true },
    );
    if (!Array.isArray(result.data)) {
      throw new MivaError(
        MivaErrorKind.BadResponse,
        'Miva OrderCustomFieldList_Load did not return a list',
        { functionName: 'OrderCustomFieldList_Load' },
      );
    }
    return result.data;
  }

  // Shipments ---------------------------------------------------------------------------------

  /**
   * `OrderItemList_CreateShipment`. Not idempotent (a second call makes a second shipment): an
   * ambiguous failure is thrown with `outcomeUnknown`, never retried.
   */
  async createShipment(
    orderId: number,
    lineIds: readonly number[],
    signal?: AbortSignal,
  ): Promise<MivaCreatedShipment> {
    const result = await this.client.call<MivaCreatedShipment>(
      'OrderItemList_CreateShipment',
      { Order_ID: orderId, Line_IDs: lineIds },
      { idempotent: false, signal },
    );
    return result.data;
  }

  /** `OrderItem_Split`: moves `quantity` of a line into a new line. Not idempotent. */
  async splitOrderItem(
    orderId: number,
    lineId: number,
    quantity: number,
    signal?: AbortSignal,
  ): Promise<MivaSplitResult> {
    const result = await this.client.call<MivaSplitResult>(
      'OrderItem_Split',
      { Order_ID: orderId, Line_ID: lineId, Quantity: quantity },
      { idempotent: false, signal },
    );
    return result.data;
  }

  /**
   * `OrderShipmentList_Update`: tracking, cost and mark-shipped. It overwrites the values, so it
   * is safe to repeat with the full values. Miva ignores an unknown shpmnt_id silently.
   */
  async updateShipments(
    updates: readonly MivaShipmentUpdate[],
    signal?: AbortSignal,
  ): Promise<MivaSuccess<unknown>> {
    return this.client.call(
      'OrderShipmentList_Update',
      { Shipment_Updates: updates },
      { idempotent: true, signal },
    );
  }

  /**
   * `OrderItemList_Cancel`: the lines become cancelled (300) and their stock is restored; the
   * reason is stored on each line. Sent once: an ambiguous failure is thrown with
   * `outcomeUnknown`, and the caller reads the order to learn whether it happened.
   */
  async cancelOrderItems(
    orderId: number,
    lineIds: readonly number[],
    reason: string | null,
    signal?: AbortSignal,
  ): Promise<MivaSuccess<unknown>> {
    return this.client.call(
      'OrderItemList_Cancel',
      { Order_ID: orderId, Line_IDs: lineIds, ...(reason ? { Reason: reason } : {}) },
      { idempotent: false, signal },
    );
  }

  /**
   * `OrderItemList_BackOrder`: the lines become backordered (400) with the in-stock date (unix
   * seconds). Sent once, like a cancellation.
   */
  async backOrderItems(
    orderId: number,
    lineIds: readonly number[],
    inStockAt: Date | null,
    signal?: AbortSignal,
  ): Promise<MivaSuccess<unknown>> {
    return this.client.call(
      'OrderItemList_BackOrder',
      {
        Order_ID: orderId,
        Line_IDs: lineIds,
        ...(inStockAt ? { Date_InStock: Math.floor(inStockAt.getTime() / 1000) } : {}),
      },
      { idempotent: false, signal },
    );
  }

  // Products and inventory --------------------------------------------------------------------

  /**
   * `ProductList_Adjust_Inventory`: deltas. Not idempotent; Miva validates every entry first
   * and applies nothing when one is bad (MER-JSN-00023 with the entry in `fields`).
   */
  async adjustInventory(
    adjustments: readonly MivaInventoryAdjustment[],
    signal?: AbortSignal,
  ): Promise<MivaSuccess<unknown>> {
    return this.client.call(
      'ProductList_Adjust_Inventory',
      { Inventory_Adjustments: adjustments },
      { idempotent: false, signal },
    );
  }

  /** `ProductList_Load_Query`: one page of products. */
  async loadProducts(
    query: MivaListQuery | undefined,
    options: MivaListOptions,
  ): Promise<MivaListResult<MivaProduct>> {
    const result = await this.client.call('ProductList_Load_Query', listParams(query, options), {
      idempotent: true,
      signal: options.signal,
    });
    return listResult<MivaProduct>(result, 'ProductList_Load_Query');
  }

  paginateProducts(
    query: MivaListQuery | undefined,
    options: MivaPaginateListOptions,
  ): AsyncGenerator<MivaPage<MivaProduct>, void, undefined> {
    return paginate((offset, count) => this.loadProducts(query, { offset, count }), options);
  }

  /** `Product_Update` for one product. Absolute values, so repeatable. */
  async updateProduct(update: MivaProductUpdate): Promise<MivaSuccess<unknown>> {
    return this.client.call('Product_Update', productParams(update), { idempotent: true });
  }

  /** `Product_Update` with `Iterations`: one result per product, in order. */
  async updateProducts(updates: readonly MivaProductUpdate[]): Promise<MivaResult<unknown>[]> {
    return this.client.callIterations('Product_Update', {}, updates.map(productParams), {
      idempotent: true,
    });
  }

  // Credentials -------------------------------------------------------------------------------

  /**
   * Checks a connection without touching any order. Every check is a signed, store-scoped call,
   * so each one also proves the store code, token, signature and timestamp:
   *  - `orders`: OrderList_Load_Query filtered to an impossible id (reads nothing);
   *  - `queue`: QueueOrderList_Load_Query on that queue, filtered the same way: it proves the
   *    module function is assigned and the queue exists, and, matching no order, fires no
   *    order_retrieved workflow;
   *  - `acknowledge`: OrderList_Acknowledge of an id that does not exist (only a warning);
   *  - `custom_fields`: OrderCustomFieldList_Load.
   * Never throws for a Miva answer or an unreachable server: the result names the failed check.
   */
  async checkCredentials(
    options: MivaCredentialCheckOptions = {},
  ): Promise<MivaCredentialCheckResult> {
    const impossible = MivaListQuery.create().where(where.eq('id', IMPOSSIBLE_ORDER_ID));
    const steps: { name: MivaCredentialCheckName; run: () => Promise<unknown> }[] = [];
    if (options.orders ?? true) {
      steps.push({ name: 'orders', run: () => this.loadOrders(impossible, { count: 1 }) });
    }
    const queueCode = options.queueCode;
    if (queueCode !== undefined) {
      steps.push({
        name: 'queue',
        run: () => this.loadQueueOrders(queueCode, impossible, { count: 1 }),
      });
    }
    if (options.acknowledge) {
      steps.push({
        name: 'acknowledge',
        run: () => this.acknowledgeOrders([IMPOSSIBLE_ORDER_ID]),
      });
    }
    if (options.customFields || steps.length === 0) {
      steps.push({ name: 'custom_fields', run: () => this.loadOrderCustomFields() });
    }
    const done: MivaCredentialCheckName[] = [];
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        if (!(error instanceof MivaError)) {
          throw error;
        }
        return {
          ok: false,
          check: step.name,
          error,
          unreachable: UNREACHABLE_KINDS.has(error.kind),
        };
      }
      done.push(step.name);
    }
    return { ok: true, checks: done };
  }
}

function productParams(update: MivaProductUpdate): Record<string, unknown> {
  const { extra, ...fields } = update;
  const params: Record<string, unknown> = { ...extra };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) {
      params[key] = value;
    }
  }
  return params;
}
