// The Miva side of inventory batches: one request that applies the deltas and then records the
// batch id in a product custom field (the marker), and the reads that find out afterwards what
// an interrupted request did.
import type { ProductIdentifier } from '../../mappers/mapper-settings';
import type { MivaResult } from '../miva/miva-client';
import { MivaError, MivaErrorKind } from '../miva/miva-errors';
import { MivaApi, MivaInventoryAdjustment } from '../miva/miva-api';
import { MivaListQuery, where } from '../miva/miva-list-query';
import type { MivaProduct } from '../../miva-model/miva.models';
import type { InventoryBatchAdjustment, InventoryBatchMarker } from './inventory-batch.entity';

const MARKER_MODULE = 'customfields';
// Miva's batch timeout is checked only between operations; a generous one keeps it from
// stopping between the adjustment and its marker.
const API_TIMEOUT_SECONDS = 300;

export interface BatchSendResult {
  adjust: MivaResult<unknown>;
  /** Undefined when sent without a marker. */
  marker?: MivaResult<unknown>;
}

function adjustment(a: InventoryBatchAdjustment, by: ProductIdentifier): MivaInventoryAdjustment {
  return by === 'sku'
    ? { product_sku: a.identifier, adjustment: a.delta }
    : { product_code: a.identifier, adjustment: a.delta };
}

/**
 * Sends the deltas, followed in the same request by the marker update when given. Miva runs
 * the operations in order, so a marker holding this batch id proves the adjustment ran.
 * Throws (MivaError) only when the request as a whole failed.
 */
export async function sendBatch(
  api: MivaApi,
  adjustments: readonly InventoryBatchAdjustment[],
  by: ProductIdentifier,
  marker: { batchId: string; at: InventoryBatchMarker } | null,
  signal?: AbortSignal,
): Promise<BatchSendResult> {
  const list = adjustments.map((a) => adjustment(a, by));
  if (marker === null) {
    try {
      return { adjust: await api.adjustInventory(list, signal) };
    } catch (error) {
      // A Miva refusal of the call is a result; a transport failure is thrown on.
      if (error instanceof MivaError && isMivaAnswer(error)) {
        return { adjust: { ok: false, error } };
      }
      throw error;
    }
  }
  const loader = by === 'sku' ? 'Product_SKU' : 'Product_Code';
  const { results } = await api.client.multicall(
    [
      { function: 'ProductList_Adjust_Inventory', params: { Inventory_Adjustments: list } },
      {
        function: 'Product_Update',
        params: {
          [loader]: marker.at.identifier,
          CustomField_Values: { [MARKER_MODULE]: { [marker.at.field]: marker.batchId } },
        },
      },
    ],
    { idempotent: false, apiTimeoutSeconds: API_TIMEOUT_SECONDS, signal },
  );
  const [adjust, mark] = results;
  if (Array.isArray(adjust) || Array.isArray(mark) || !adjust || !mark) {
    throw new MivaError(
      MivaErrorKind.BadResponse,
      'Miva answered the batch in an unexpected shape',
      {
        functionName: 'ProductList_Adjust_Inventory',
        outcomeUnknown: true,
      },
    );
  }
  return { adjust, marker: mark };
}

const MIVA_ANSWERS: ReadonlySet<MivaErrorKind> = new Set<MivaErrorKind>([
  MivaErrorKind.InvalidInput,
  MivaErrorKind.ListErrors,
  MivaErrorKind.NotFound,
  MivaErrorKind.Rejected,
  MivaErrorKind.InvalidFunction,
  MivaErrorKind.AccessDenied,
]);

/** Whether Miva itself answered (success:0) rather than the transport failing. */
function isMivaAnswer(error: MivaError): boolean {
  return MIVA_ANSWERS.has(error.kind);
}

/** The batch id the marker product holds now (null: no marker value or no such product). */
export async function readMarker(
  api: MivaApi,
  at: InventoryBatchMarker,
  by: ProductIdentifier,
  signal?: AbortSignal,
): Promise<string | null> {
  const page = await api.loadProducts(
    MivaListQuery.create()
      .where(where.eq(by, at.identifier))
      .columns(`CustomField_Values:${MARKER_MODULE}:${at.field}`),
    { count: 5, signal },
  );
  const product = page.data.find((p) => same(p[by], at.identifier));
  const value = product?.CustomField_Values?.[MARKER_MODULE]?.[at.field];
  return value === undefined || value === '' ? null : String(value);
}

/**
 * The identifiers Miva would refuse in an adjustment: no product, or (by SKU) more than one.
 * One read for the whole list.
 */
export async function unknownIdentifiers(
  api: MivaApi,
  identifiers: readonly string[],
  by: ProductIdentifier,
): Promise<Set<string>> {
  const found: MivaProduct[] = [];
  // IN takes a comma-separated list, so an identifier with a comma is looked up on its own.
  const plain = identifiers.filter((i) => !i.includes(','));
  const odd = identifiers.filter((i) => i.includes(','));
  const queries = [
    ...(plain.length > 0 ? [MivaListQuery.create().where(where.in(by, plain))] : []),
    ...odd.map((i) => MivaListQuery.create().where(where.eq(by, i))),
  ];
  for (const query of queries) {
    for await (const page of api.paginateProducts(query, { pageSize: 500 })) {
      found.push(...page.items);
    }
  }
  const unknown = new Set<string>();
  for (const identifier of identifiers) {
    const matches = found.filter((p) => same(p[by], identifier)).length;
    if (matches !== 1) {
      unknown.add(identifier);
    }
  }
  return unknown;
}

function same(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}
