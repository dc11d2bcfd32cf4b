import type { MivaItemOption, MivaItemPart, MivaOrderItem } from '../miva-model/miva.models';
import type { MapperSettings, ProductIdentifier } from './mapper-settings';
import { MappingError } from './mapping.error';
import {
  readArray,
  readCents,
  readInt,
  readNumber,
  readObject,
  readOptionalCents,
  readOptionalInt,
  readString,
  readText,
  type ReadContext,
} from './miva-input';
import { formatCents } from './money';
import type { OmsLine, OmsLineOption } from './oms-order.types';
import { lineStatusName, MIVA_ITEM_CANCELLED } from './statuses';

const ZERO = '0.00';

/** A product line plus the cents the totals need, so nothing is parsed twice. */
export interface MappedProductLine {
  line: OmsLine;
  lineTotalCents: number;
  cancelled: boolean;
}

export function productLineId(mivaLineId: number): string {
  return `L${mivaLineId}`;
}

export function kitComponentLineId(mivaLineId: number, partIndex: number): string {
  return `L${mivaLineId}-P${partIndex + 1}`;
}

/** The store's chosen identifier, falling back to the other one when it is empty. */
export function pickIdentifier(
  preferred: ProductIdentifier,
  sku: string,
  code: string,
): string | null {
  const first = preferred === 'sku' ? sku : code;
  const second = preferred === 'sku' ? code : sku;
  return first !== '' ? first : second !== '' ? second : null;
}

function nullIfEmpty(s: string): string | null {
  return s === '' ? null : s;
}

function mapOption(ctx: ReadContext, opt: MivaItemOption, list: string, i: number): OmsLineOption {
  // Miva fills `value` with the chosen option code, else the text the customer entered.
  const attribute = readText(opt.attribute) || readText(opt.attr_code) || readText(opt.attr_prompt);
  const value =
    readText(opt.value) || readText(opt.opt_code) || readText(opt.data) || readText(opt.data_long);
  return {
    attribute,
    value,
    price: formatCents(readOptionalCents(ctx, opt.price, list, i, 'price')),
  };
}

function mapKitPart(
  ctx: ReadContext,
  part: MivaItemPart,
  k: number,
  list: string,
  kit: OmsLine,
  kitLineId: number,
  kitQuantity: number,
  productIdentifier: ProductIdentifier,
): OmsLine {
  const sku = readString(part.sku).trim();
  const code = readString(part.code).trim();
  // total_quantity is item quantity × part quantity; derive it when an older server omits it.
  const quantity =
    part.total_quantity !== undefined && part.total_quantity !== null
      ? readNumber(ctx, part.total_quantity, list, k, 'total_quantity')
      : readNumber(ctx, part.quantity, list, k, 'quantity') * kitQuantity;
  return {
    lineId: kitComponentLineId(kitLineId, k),
    kind: 'kit_component',
    sourceLineId: kitLineId,
    parentLineId: kit.lineId,
    status: kit.status,
    sourceStatus: kit.sourceStatus,
    couponCode: null,
    identifier: pickIdentifier(productIdentifier, sku, code),
    sku: nullIfEmpty(sku),
    productCode: nullIfEmpty(code),
    name: readText(part.name),
    quantity,
    unitPrice: ZERO,
    originalUnitPrice: ZERO,
    lineTotal: ZERO,
    options: [],
  };
}

/**
 * Miva items → product lines (and kit component lines in `parts` mode), in Miva's order, each
 * kit followed by its components. Prices already include item-level discounts (Miva writes them
 * into `price`); `originalUnitPrice` is the undiscounted `base_price` side.
 */
export function mapProductLines(
  ctx: ReadContext,
  items: readonly MivaOrderItem[],
  settings: Pick<MapperSettings, 'productIdentifier' | 'kitMode'>,
): { lines: OmsLine[]; products: MappedProductLine[] } {
  const lines: OmsLine[] = [];
  const products: MappedProductLine[] = [];
  const seen = new Set<number>();

  for (let i = 0; i < items.length; i++) {
    const item = readObject(ctx, items[i], 'items', i);
    const lineId = readInt(ctx, item.line_id, 'items', i, 'line_id');
    if (seen.has(lineId)) {
      throw new MappingError(ctx.orderId, `items[${i}].line_id`, `repeats line ${lineId}`);
    }
    seen.add(lineId);

    const statusCode = readOptionalInt(ctx, item.status, 'items', i, 'status', 0);
    const quantity = readNumber(ctx, item.quantity, 'items', i, 'quantity');
    const priceCents = readCents(ctx, item.price, 'items', i, 'price');
    const baseCents =
      item.base_price === undefined || item.base_price === null
        ? priceCents
        : readCents(ctx, item.base_price, 'items', i, 'base_price');

    const optionList = `items[${i}].options`;
    const rawOptions = readArray(ctx, item.options, optionList);
    const options: OmsLineOption[] = new Array<OmsLineOption>(rawOptions.length);
    let optionCents = 0;
    let optionBaseCents = 0;
    for (let o = 0; o < rawOptions.length; o++) {
      const opt = readObject(ctx, rawOptions[o], optionList, o);
      const price = readOptionalCents(ctx, opt.price, optionList, o, 'price');
      optionCents += price;
      optionBaseCents +=
        opt.base_price === undefined || opt.base_price === null
          ? price
          : readCents(ctx, opt.base_price, optionList, o, 'base_price');
      options[o] = mapOption(ctx, opt, optionList, o);
    }

    const unitCents = priceCents + optionCents;
    // Miva's item total is authoritative; compute it only if an old snapshot lacks it.
    const lineTotalCents =
      item.total === undefined || item.total === null
        ? Math.round(unitCents * quantity)
        : readCents(ctx, item.total, 'items', i, 'total');

    const sku = readString(item.sku).trim();
    const code = readString(item.code).trim();
    const line: OmsLine = {
      lineId: productLineId(lineId),
      kind: 'product',
      sourceLineId: lineId,
      parentLineId: null,
      status: lineStatusName(statusCode),
      sourceStatus: statusCode,
      couponCode: null,
      identifier: pickIdentifier(settings.productIdentifier, sku, code),
      sku: nullIfEmpty(sku),
      productCode: nullIfEmpty(code),
      name: readText(item.name),
      quantity,
      unitPrice: formatCents(unitCents),
      originalUnitPrice: formatCents(baseCents + optionBaseCents),
      lineTotal: formatCents(lineTotalCents),
      options,
    };
    lines.push(line);
    products.push({ line, lineTotalCents, cancelled: statusCode === MIVA_ITEM_CANCELLED });

    if (settings.kitMode === 'parts') {
      const partList = `items[${i}].parts`;
      const parts = readArray(ctx, item.parts, partList);
      for (let k = 0; k < parts.length; k++) {
        const part = readObject(ctx, parts[k], partList, k);
        lines.push(
          mapKitPart(ctx, part, k, partList, line, lineId, quantity, settings.productIdentifier),
        );
      }
    }
  }
  return { lines, products };
}
