// The product catalogue the generated orders reference. Codes, SKUs and prices are fixed so any
// order from any seed matches the catalogue; the seed only varies the inventory counts.
import type { MivaProduct } from '../miva-model/miva.models';
import { formatMoney, formatWeight } from './order-math';
import { mulberry32 } from './rng';

export interface CatalogAttribute {
  id: number;
  code: string;
  prompt: string;
  type: 'select' | 'text' | 'checkbox';
  options: { id: number; code: string; prompt: string; price: number; weight: number }[];
}

export interface CatalogEntry {
  id: number;
  code: string;
  sku: string;
  name: string;
  price: number;
  cost: number;
  weight: number;
  taxable: boolean;
  attributes?: CatalogAttribute[];
  /** Kit parts: product codes and per-kit quantity. */
  parts?: { code: string; quantity: number }[];
  /** Variant SKUs by `size/color` when the product has variants. */
  variantSku?: (opts: Record<string, string>) => string;
}

const SIZE: CatalogAttribute = {
  id: 11,
  code: 'size',
  prompt: 'Size',
  type: 'select',
  options: [
    { id: 111, code: 'S', prompt: 'Small', price: 0, weight: 0 },
    { id: 112, code: 'M', prompt: 'Medium', price: 0, weight: 0 },
    { id: 113, code: 'L', prompt: 'Large', price: 0, weight: 0 },
    { id: 114, code: 'XL', prompt: 'Extra Large', price: 2, weight: 0.1 },
  ],
};
const COLOR: CatalogAttribute = {
  id: 12,
  code: 'color',
  prompt: 'Color',
  type: 'select',
  options: [
    { id: 121, code: 'RED', prompt: 'Red', price: 0, weight: 0 },
    { id: 122, code: 'BLU', prompt: 'Blue', price: 0, weight: 0 },
    { id: 123, code: 'BLK', prompt: 'Black', price: 1.5, weight: 0 },
  ],
};
const ENGRAVING: CatalogAttribute = {
  id: 13,
  code: 'engraving',
  prompt: 'Engraving text',
  type: 'text',
  options: [],
};
const GIFT_WRAP: CatalogAttribute = {
  id: 14,
  code: 'gift_wrap',
  prompt: 'Gift wrap',
  type: 'checkbox',
  options: [{ id: 141, code: 'Yes', prompt: 'Gift wrap', price: 3.95, weight: 0.05 }],
};

const BASE: CatalogEntry[] = [
  {
    id: 101,
    code: 'TSHIRT',
    sku: 'TS',
    name: 'Classic T-Shirt',
    price: 25,
    cost: 8.4,
    weight: 0.5,
    taxable: true,
    attributes: [SIZE, COLOR],
    variantSku: (o) => `TS-${o.color}-${o.size}`,
  },
  {
    id: 102,
    code: 'HOODIE',
    sku: 'HD',
    name: 'Zip Hoodie',
    price: 59.99,
    cost: 21.1,
    weight: 1.2,
    taxable: true,
    attributes: [SIZE],
    variantSku: (o) => `HD-${o.size}`,
  },
  {
    id: 103,
    code: 'MUG-CAFE',
    sku: 'MUG-001',
    name: 'Café Crème Mug',
    price: 14.5,
    cost: 3.2,
    weight: 0.9,
    taxable: true,
    attributes: [ENGRAVING],
  },
  {
    id: 104,
    code: 'MUESLI',
    sku: 'FD-MUE-500',
    name: 'Bircher Müsli 500 g',
    price: 7.25,
    cost: 2.1,
    weight: 1.1,
    taxable: false,
  },
  {
    id: 105,
    code: 'SENCHA',
    sku: 'TEA-JP-01',
    name: '日本茶 Sencha Green Tea',
    price: 18,
    cost: 6,
    weight: 0.3,
    taxable: false,
  },
  {
    id: 106,
    code: 'STICKER-ROCKET',
    sku: 'STK-RKT',
    name: 'Rocket 🚀 Sticker',
    price: 2.99,
    cost: 0.4,
    weight: 0.02,
    taxable: true,
  },
  {
    id: 107,
    code: 'POSTER',
    sku: 'PST-24X36',
    name: 'Skyline Poster 24×36',
    price: 32,
    cost: 9.5,
    weight: 0.8,
    taxable: true,
    attributes: [GIFT_WRAP],
  },
  {
    id: 108,
    code: 'CANDLE',
    sku: 'CND-LAV',
    name: 'Lavender Candle',
    price: 19.95,
    cost: 5.2,
    weight: 0.7,
    taxable: true,
    attributes: [GIFT_WRAP],
  },
  {
    id: 109,
    code: 'SOCKS',
    sku: 'SCK-WOOL',
    name: 'Merino Wool Socks',
    price: 12,
    cost: 3.9,
    weight: 0.2,
    taxable: true,
    attributes: [SIZE],
  },
  {
    id: 110,
    code: 'BOTTLE',
    sku: 'BTL-750',
    name: 'Steel Water Bottle 750 ml',
    price: 24.5,
    cost: 7.75,
    weight: 0.6,
    taxable: true,
    attributes: [COLOR],
  },
  {
    id: 111,
    code: 'NOTEBOOK',
    sku: 'NB-A5',
    name: 'Dotted Notebook A5',
    price: 9.99,
    cost: 2.5,
    weight: 0.4,
    taxable: true,
  },
  {
    id: 112,
    code: 'PEN',
    sku: 'PEN-BLK',
    name: 'Gel Pen',
    price: 1.99,
    cost: 0.3,
    weight: 0.03,
    taxable: true,
  },
  {
    id: 113,
    code: 'CAP',
    sku: 'CAP-001',
    name: 'Baseball Cap',
    price: 21,
    cost: 6.3,
    weight: 0.25,
    taxable: true,
    attributes: [COLOR],
  },
  {
    id: 114,
    code: 'TOTE',
    sku: 'TOTE-NAT',
    name: 'Canvas Tote Bag',
    price: 16,
    cost: 4,
    weight: 0.35,
    taxable: true,
  },
  {
    id: 115,
    code: 'CHOCOLATE',
    sku: 'CHOC-ZRH',
    name: 'Zürich Dark Chocolate',
    price: 6.5,
    cost: 2.2,
    weight: 0.15,
    taxable: false,
  },
  {
    id: 116,
    code: 'ESPRESSO',
    sku: 'COF-ESP-1KG',
    name: 'Espresso Beans 1 kg',
    price: 27.8,
    cost: 11,
    weight: 2.2,
    taxable: false,
  },
  {
    id: 150,
    code: 'KIT-STARTER',
    sku: 'KIT-STARTER',
    name: 'Starter Kit (Mug + Notebook + 2 Pens)',
    price: 22.5,
    cost: 6.6,
    weight: 1.35,
    taxable: true,
    parts: [
      { code: 'MUG-CAFE', quantity: 1 },
      { code: 'NOTEBOOK', quantity: 1 },
      { code: 'PEN', quantity: 2 },
    ],
  },
  {
    id: 151,
    code: 'KIT-GIFTBOX',
    sku: 'KIT-GIFT',
    name: 'Gift Box — Tea & Chocolate',
    price: 29,
    cost: 10.6,
    weight: 0.5,
    taxable: false,
    parts: [
      { code: 'SENCHA', quantity: 1 },
      { code: 'CHOCOLATE', quantity: 2 },
    ],
    attributes: [GIFT_WRAP],
  },
];

/** A generated bulk of simple products so large orders have distinct lines. */
function bulkEntries(): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (let i = 1; i <= 200; i++) {
    const n = String(i).padStart(3, '0');
    out.push({
      id: 1000 + i,
      code: `PART-${n}`,
      sku: `PRT${n}`,
      name: `Hardware Part #${n}`,
      price: 0.5 + ((i * 37) % 400) / 20,
      cost: 0.2 + ((i * 13) % 100) / 20,
      weight: 0.1,
      taxable: i % 5 !== 0,
    });
  }
  return out;
}

export const CATALOG: readonly CatalogEntry[] = [...BASE, ...bulkEntries()];
export const CATALOG_BY_CODE: ReadonlyMap<string, CatalogEntry> = new Map(
  CATALOG.map((e) => [e.code, e]),
);
/** The hand-made (non bulk) entries, used for ordinary orders. */
export const FEATURED: readonly CatalogEntry[] = BASE;
export const BULK: readonly CatalogEntry[] = CATALOG.filter((e) => e.code.startsWith('PART-'));

/** The product catalogue as Miva returns it; the seed varies inventory only. */
export function generateCatalog(seed = 1, now = 1767225600): MivaProduct[] {
  const rng = mulberry32(seed ^ 0x5eed);
  return CATALOG.map((e, i) => ({
    id: e.id,
    disp_order: i + 1,
    code: e.code,
    sku: e.sku,
    name: e.name,
    thumbnail: '',
    image: '',
    price: e.price,
    formatted_price: formatMoney(e.price),
    cost: e.cost,
    formatted_cost: formatMoney(e.cost),
    page_code: '',
    page_id: 0,
    weight: e.weight,
    formatted_weight: formatWeight(e.weight),
    taxable: e.taxable,
    active: true,
    dt_created: now - 400 * 86400,
    dt_updated: now - 30 * 86400,
    // A few products do not track inventory (Adjust_Inventory switches tracking on, §7.2).
    product_inventory_active: i % 11 !== 7,
    product_inventory: i % 11 !== 7 ? rng.int(0, 500) : 0,
  }));
}
