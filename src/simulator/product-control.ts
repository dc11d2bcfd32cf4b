// Products through the simulator's control API (NOT part of Miva): add a catalogue, change a
// product as a merchant or a checkout would (price, active, stock, whether stock is tracked).
import type { MivaProduct } from '../miva-model/miva.models';
import { formatMoney, formatWeight } from './order-math';
import type { SimulatorState } from './state';

export interface ProductInput {
  id?: number;
  code: string;
  sku?: string;
  name?: string;
  price?: number;
  active?: boolean;
  /** Stock count; with `inventoryActive: false` the product does not track inventory. */
  inventory?: number;
  inventoryActive?: boolean;
}

export interface ProductPatch {
  price?: number;
  active?: boolean;
  /** Sets the count (absolute). */
  inventory?: number;
  /** Moves the count (e.g. -2: a checkout of two units). */
  adjustInventory?: number;
  inventoryActive?: boolean;
}

/** Adds (or, with a known id, replaces) products; returns their ids. */
export function addProducts(state: SimulatorState, inputs: readonly ProductInput[]): number[] {
  let nextId = Math.max(0, ...state.products.keys()) + 1;
  const now = state.now();
  const products = inputs.map((input): MivaProduct => {
    const price = input.price ?? 10;
    const tracked = input.inventoryActive ?? true;
    return {
      id: input.id ?? nextId++,
      disp_order: 0,
      code: input.code,
      sku: input.sku ?? input.code,
      name: input.name ?? input.code,
      thumbnail: '',
      image: '',
      price,
      formatted_price: formatMoney(price),
      cost: 0,
      formatted_cost: formatMoney(0),
      page_code: '',
      page_id: 0,
      weight: 0,
      formatted_weight: formatWeight(0),
      taxable: true,
      active: input.active ?? true,
      dt_created: now,
      dt_updated: now,
      product_inventory_active: tracked,
      product_inventory: tracked ? (input.inventory ?? 0) : 0,
    };
  });
  state.putProducts(products);
  return products.map((p) => p.id);
}

/** Changes one product, found by id or code; null when there is none. */
export function patchProduct(
  state: SimulatorState,
  ref: string,
  patch: ProductPatch,
): MivaProduct | null {
  const [product] = /^\d+$/.test(ref)
    ? state.findProduct({ id: Number(ref) })
    : state.findProduct({ code: ref });
  if (product === undefined) {
    return null;
  }
  if (patch.price !== undefined) {
    product.price = patch.price;
    product.formatted_price = formatMoney(patch.price);
  }
  if (patch.active !== undefined) {
    product.active = patch.active;
  }
  if (patch.inventoryActive !== undefined) {
    product.product_inventory_active = patch.inventoryActive;
    if (!patch.inventoryActive) {
      product.product_inventory = 0;
    }
  }
  if (patch.inventory !== undefined) {
    product.product_inventory = patch.inventory;
  }
  if (patch.adjustInventory !== undefined) {
    product.product_inventory = (product.product_inventory ?? 0) + patch.adjustInventory;
  }
  product.dt_updated = state.now();
  return product;
}
