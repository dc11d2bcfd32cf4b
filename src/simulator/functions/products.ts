// Products and inventory (docs/MIVA.md §5.5, §10).
import type { MivaProduct } from '../../miva-model/miva.models';
import {
  compareValues,
  type FieldResolver,
  type FieldValue,
  parseFilter,
  parseSort,
} from '../filter';
import { error, fieldError, type FieldError, inputErrors, type MivaResponse, ok } from '../json';
import { formatMoney } from '../order-math';
import { text, toBool } from '../params';
import { projectProduct } from '../serialize';
import type { CallContext } from './context';

const PRODUCT_FIELDS = new Set([
  'id',
  'code',
  'sku',
  'name',
  'thumbnail',
  'image',
  'price',
  'cost',
  'weight',
  'taxable',
  'active',
  'dt_created',
  'dt_updated',
  'product_inventory',
  'disp_order',
]);

const productResolver: FieldResolver<MivaProduct> = {
  has: (f) => PRODUCT_FIELDS.has(f.toLowerCase()),
  get: (p, f) => (p as unknown as Record<string, FieldValue>)[f.toLowerCase()],
};

export function productListLoadQuery(ctx: CallContext): MivaResponse {
  const { state, params } = ctx;
  const count = params.int('Count') ?? 0;
  const offset = params.int('Offset') ?? 0;
  if (Number.isNaN(count) || Number.isNaN(offset) || count < 0 || offset < 0) {
    return inputErrors([
      { field: Number.isNaN(count) || count < 0 ? 'Count' : 'Offset', message: 'Invalid value' },
    ]);
  }
  const filter = parseFilter(params.get('Filter'), productResolver);
  const show = String(
    (filter.custom.get('product_show') as string | undefined) ?? 'All',
  ).toLowerCase();
  const sort = parseSort(params.string('Sort'), (f) => productResolver.has(f), 'disp_order');
  const rows = [...state.products.values()].filter(
    (p) => filter.predicate(p) && (show !== 'active' || p.active),
  );
  rows.sort((a, b) => {
    const c =
      compareValues(productResolver.get(a, sort.field), productResolver.get(b, sort.field)) ||
      a.id - b.id;
    return sort.desc ? -c : c;
  });
  const page = count === 0 ? rows.slice(offset) : rows.slice(offset, offset + count);
  return ok({
    total_count: rows.length,
    start_offset: offset,
    data: page.map((p) => projectProduct(p, filter.onDemandColumns)),
  });
}

interface Adjustment {
  product_id?: unknown;
  product_code?: unknown;
  product_sku?: unknown;
  adjustment?: unknown;
}

export function productListAdjustInventory(ctx: CallContext): MivaResponse {
  const { state, params } = ctx;
  let list = params.get('Inventory_Adjustments') as Adjustment[] | undefined;
  if (list === undefined && params.has('Product_IDs')) {
    const ids = params.intArray('Product_IDs') ?? [];
    const adj = params.intArray('Adjustments') ?? [];
    list = ids.map((id, i) => ({ product_id: id, adjustment: adj[i] }));
  }
  if (!Array.isArray(list) || list.length === 0) {
    return inputErrors([{ field: 'Inventory_Adjustments', message: 'Missing required parameter' }]);
  }
  // Validate every element first; one bad element applies nothing. [I] 1-based like MivaScript arrays.
  const errors: FieldError[] = [];
  const resolved: { product: MivaProduct; delta: number }[] = [];
  list.forEach((a, i) => {
    const at = `Inventory_Adjustments[${i + 1}]`;
    if (a === null || typeof a !== 'object') {
      errors.push({ field: at, message: 'Invalid value' });
      return;
    }
    let found: MivaProduct[] = [];
    let key = 'product_id';
    if (
      a.product_id !== undefined &&
      a.product_id !== null &&
      a.product_id !== '' &&
      a.product_id !== 0
    ) {
      found = state.findProduct({ id: Number(a.product_id) });
    } else if (a.product_code !== undefined && a.product_code !== null && a.product_code !== '') {
      key = 'product_code';
      found = state.findProduct({ code: text(a.product_code) });
    } else if (a.product_sku !== undefined && a.product_sku !== null && a.product_sku !== '') {
      key = 'product_sku';
      found = state.findProduct({ sku: text(a.product_sku) });
    } else {
      errors.push({ field: `${at}:product_code`, message: 'Missing required parameter' });
      return;
    }
    const [product] = found;
    if (product === undefined) {
      errors.push({ field: `${at}:${key}`, message: 'Product not found' });
      return;
    }
    if (found.length > 1) {
      errors.push({ field: `${at}:${key}`, message: 'Ambiguous product SKU' });
      return;
    }
    const delta = Number(a.adjustment);
    if (
      a.adjustment === undefined ||
      a.adjustment === null ||
      a.adjustment === '' ||
      !Number.isInteger(delta)
    ) {
      errors.push({ field: `${at}:adjustment`, message: 'Invalid value' });
      return;
    }
    resolved.push({ product, delta });
  });
  if (errors.length > 0) {
    return inputErrors(errors);
  }
  const now = state.now();
  for (const { product, delta } of resolved) {
    if (!product.product_inventory_active) {
      // Tracking is switched on and the count set to the adjustment.
      product.product_inventory_active = true;
      product.product_inventory = delta;
    } else {
      product.product_inventory = (product.product_inventory ?? 0) + delta;
    }
    product.dt_updated = now;
  }
  return ok();
}

function loadProduct(ctx: CallContext): { product: MivaProduct } | { error: MivaResponse } {
  const r = findByLoader(ctx);
  return 'success' in r ? { error: r } : { product: r as MivaProduct };
}

function findByLoader(ctx: CallContext): MivaProduct | MivaResponse {
  const { state, params } = ctx;
  const id = params.int('Product_ID');
  if (id !== undefined && !Number.isNaN(id) && id !== 0) {
    return state.findProduct({ id })[0] ?? error('MER-JSN-PRD-00070', 'Product not found');
  }
  const edit = params.string('Edit_Product');
  if (edit) {
    return state.findProduct({ code: edit })[0] ?? error('MER-JSN-PRD-00013', 'Product not found');
  }
  const code = params.string('Product_Code');
  if (code) {
    return state.findProduct({ code })[0] ?? error('MER-JSN-PRD-00014', 'Product not found');
  }
  const sku = params.string('Product_SKU');
  if (sku) {
    const found = state.findProduct({ sku });
    if (found.length > 1) {
      return error('MER-JSN-PRD-00072', 'Ambiguous product SKU');
    }
    return found[0] ?? error('MER-JSN-PRD-00071', 'Product not found');
  }
  return error(
    'MER-JSN-PRD-00073',
    'One of Product_ID, Edit_Product, Product_Code or Product_SKU must be specified',
  );
}

export function productUpdate(ctx: CallContext): MivaResponse {
  const { state, params } = ctx;
  const loaded = loadProduct(ctx);
  if ('error' in loaded) {
    return loaded.error;
  }
  const { product } = loaded;
  // Product_Code renames only when the product was found by another loader.
  const newCode =
    params.has('Edit_Product') || params.has('Product_ID')
      ? params.string('Product_Code')
      : undefined;
  if (newCode !== undefined && newCode.toLowerCase() !== product.code.toLowerCase()) {
    if (state.findProduct({ code: newCode }).length > 0) {
      return fieldError('Product_Code', `A product with the code '${newCode}' already exists`);
    }
    product.code = newCode;
    state.productsChanged();
  }
  const str = (name: string): string | undefined => params.string(name);
  const num = (name: string): number | undefined => {
    const v = params.get(name);
    return v === undefined ? undefined : Number(v);
  };
  const name = str('Product_Name');
  if (name !== undefined) {
    product.name = name;
  }
  const sku =
    params.has('Product_SKU') &&
    (params.has('Edit_Product') || params.has('Product_ID') || params.has('Product_Code'))
      ? str('Product_SKU')
      : undefined;
  if (sku !== undefined) {
    product.sku = sku;
    state.productsChanged();
  }
  for (const [param, field] of [
    ['Product_Price', 'price'],
    ['Product_Cost', 'cost'],
    ['Product_Weight', 'weight'],
  ] as const) {
    const v = num(param);
    if (v !== undefined) {
      if (!Number.isFinite(v)) {
        return fieldError(param, 'Invalid value');
      }
      product[field] = v;
      if (field !== 'weight') {
        product[`formatted_${field}`] = formatMoney(v);
      }
    }
  }
  for (const [param, field] of [
    ['Product_Active', 'active'],
    ['Product_Taxable', 'taxable'],
  ] as const) {
    if (params.has(param)) {
      const b = toBool(params.get(param));
      if (b === undefined) {
        return inputErrors([
          { field: param, message: 'Boolean values must be Yes/No, True/False, or 0/1' },
        ]);
      }
      product[field] = b;
    }
  }
  const inv = params.int('Product_Inventory');
  if (inv !== undefined) {
    if (Number.isNaN(inv)) {
      return fieldError('Product_Inventory', 'Invalid value');
    }
    product.product_inventory_active = true;
    product.product_inventory = inv; // absolute
  }
  const cf = params.get('CustomField_Values');
  if (cf && typeof cf === 'object') {
    product.CustomField_Values = {
      ...(product.CustomField_Values ?? {}),
      ...(cf as Record<string, Record<string, string>>),
    };
  }
  product.dt_updated = state.now();
  return ok();
}
