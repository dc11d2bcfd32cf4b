// Building blocks of a generated order: items, options, discounts, charges and payments.
import type {
  MivaCharge,
  MivaItemDiscount,
  MivaItemOption,
  MivaOrder,
  MivaOrderItem,
  MivaPayment,
} from '../miva-model/miva.models';
import { must } from '../common/must';
import { CATALOG_BY_CODE, type CatalogEntry } from './catalog';
import { type GatewayFixture, TEST_CARDS } from './gateways';
import { ENGRAVINGS, FIRST_NAMES, LAST_NAMES, type OrderCase } from './generator-data';
import { formatMoney, formatWeight, round2 } from './order-math';
import { pickAt, type Rng } from './rng';

export interface Ctx {
  rng: Rng;
  id: number;
  now: number;
  orderdate: number;
  lineSeq: number;
  optionSeq: number;
  cases: Set<OrderCase>;
}

/** A bounded index into a table by order id, so consecutive ids cycle through every case. */
export function cycle(id: number, salt: number, n: number): number {
  return Math.floor(id / salt) % n;
}

export function person(rng: Rng): { first: string; last: string } {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

export function emailFor(first: string, last: string, rng: Rng): string {
  const ascii = (s: string): string =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  const local = `${ascii(first) || 'customer'}.${ascii(last) || rng.chars(4).toLowerCase()}`;
  return `${local}${rng.int(1, 99)}@example.com`;
}

export function makeOption(
  ctx: Ctx,
  item: MivaOrderItem,
  attr: { id: number; code: string; prompt: string },
  opt: { id: number; code: string; prompt: string; price: number; weight: number } | null,
  data: string,
): MivaItemOption {
  ctx.optionSeq++;
  const price = opt?.price ?? 0;
  return {
    id: item.line_id * 10 + ctx.optionSeq,
    order_id: item.order_id,
    line_id: item.line_id,
    attr_id: attr.id,
    attr_code: attr.code,
    attmpat_id: 0,
    option_id: opt?.id ?? 0,
    opt_code: opt?.code ?? '',
    retail: price,
    base_price: price,
    price,
    weight: opt?.weight ?? 0,
    formatted_weight: formatWeight(opt?.weight ?? 0),
    data,
    data_long: '',
    attr_prompt: attr.prompt,
    opt_prompt: opt?.prompt ?? '',
    attribute: attr.code,
    value: opt?.code || data,
  };
}

export function makeItem(
  ctx: Ctx,
  entry: CatalogEntry,
  quantity: number,
  withOptions: boolean,
): MivaOrderItem {
  const { rng } = ctx;
  ctx.lineSeq++;
  const line_id = ctx.id * 1000 + ctx.lineSeq;
  const item: MivaOrderItem = {
    order_id: ctx.id,
    line_id,
    group_id: line_id,
    parent_id: 0,
    status: 0,
    subscrp_id: 0,
    subterm_id: 0,
    shpmnt_id: 0,
    rma_id: 0,
    product_id: entry.id,
    dt_instock: 0,
    code: entry.code,
    name: entry.name,
    sku: entry.sku,
    type: '',
    retail: entry.price,
    base_price: entry.price,
    price: entry.price,
    total: 0,
    formatted_total: '',
    weight: entry.weight,
    formatted_weight: formatWeight(entry.weight),
    taxable: entry.taxable,
    tax: 0,
    formatted_tax: '$0.00',
    upsold: false,
    quantity,
    discounts: [],
    options: [],
  };
  if (withOptions && entry.attributes) {
    const chosen: Record<string, string> = {};
    for (const attr of entry.attributes) {
      if (attr.type === 'select') {
        const opt = rng.pick(attr.options);
        chosen[attr.code] = opt.code;
        item.options!.push(makeOption(ctx, item, attr, opt, ''));
        ctx.cases.add('options');
      } else if (attr.type === 'text' && rng.chance(0.7)) {
        item.options!.push(makeOption(ctx, item, attr, null, rng.pick(ENGRAVINGS)));
        ctx.cases.add('text_option');
      } else if (attr.type === 'checkbox' && rng.chance(0.5)) {
        item.options!.push(makeOption(ctx, item, attr, must(attr.options[0], 'an option'), ''));
        ctx.cases.add('options');
      }
    }
    if (entry.variantSku && Object.keys(chosen).length > 0) {
      item.sku = entry.variantSku(chosen);
    }
  }
  if (entry.parts) {
    item.parts = entry.parts.map((p) => {
      const part = CATALOG_BY_CODE.get(p.code)!;
      return {
        code: part.code,
        sku: part.sku,
        name: part.name,
        quantity: p.quantity,
        total_quantity: p.quantity * quantity,
        price: part.price,
        cost: part.cost,
        weight: part.weight,
        formatted_weight: formatWeight(part.weight),
      };
    });
    ctx.cases.add('kit');
  } else {
    item.parts = [];
  }
  return item;
}

/** Applies a price-group discount of `pct` to an item (and its priced options), as Miva's engine writes it. */
export function applyItemDiscount(
  item: MivaOrderItem,
  pgrpId: number,
  descrip: string,
  pct: number,
  ctx: Ctx,
): number {
  const unitCut = round2(item.base_price * pct);
  item.price = round2(item.base_price - unitCut);
  let lineDiscount = round2(unitCut * item.quantity);
  for (const o of item.options ?? []) {
    if (o.base_price > 0) {
      const optCut = round2(o.base_price * pct);
      o.price = round2(o.base_price - optCut);
      const optLine = round2(optCut * item.quantity);
      o.discounts = [
        {
          order_id: item.order_id,
          line_id: item.line_id,
          pgrp_id: pgrpId,
          display: true,
          descrip,
          discount: optLine,
        },
      ];
      lineDiscount = round2(lineDiscount + optLine);
      ctx.cases.add('option_discount');
    }
  }
  const d: MivaItemDiscount = {
    order_id: item.order_id,
    line_id: item.line_id,
    pgrp_id: pgrpId,
    display: true,
    descrip,
    discount: round2(unitCut * item.quantity),
  };
  item.discounts = [...(item.discounts ?? []), d];
  return lineDiscount;
}

export function charge(
  order: MivaOrder,
  seq: number,
  moduleId: number,
  type: string,
  descrip: string,
  amount: number,
): MivaCharge {
  const a = round2(amount);
  return {
    order_id: order.id,
    charge_id: order.id * 10 + seq,
    module_id: moduleId,
    type,
    descrip,
    amount: a,
    formatted_amount: formatMoney(a),
    disp_amt: a,
    formatted_disp_amt: formatMoney(a),
    tax_exempt: type !== 'HANDLING',
    tax: 0,
    formatted_tax: '$0.00',
  };
}

export interface PaymentSpec {
  fixture: GatewayFixture;
  type: number;
  amount: number;
  offset: number;
}

export function buildPayment(
  ctx: Ctx,
  order: MivaOrder,
  seq: number,
  spec: PaymentSpec,
  name: string,
): MivaPayment {
  const { rng } = ctx;
  const card = pickAt(TEST_CARDS, ctx.id + seq);
  const f = spec.fixture;
  const dtstamp = ctx.orderdate + spec.offset;
  const amount = round2(spec.amount);
  const available =
    spec.type === 3 || spec.type === 1 || spec.type === 4 || spec.type === 5 || spec.type === 2
      ? amount
      : 0;
  const data = f.data(rng, card, { email: order.bill_email, name });
  const cardbrand = f.expected.hasCard ? card.brand : '';
  return {
    id: order.id * 10 + seq,
    order_id: order.id,
    type: spec.type,
    refnum: f.refnum(rng),
    amount,
    formatted_amount: formatMoney(amount),
    available,
    formatted_available: formatMoney(available),
    dtstamp,
    expires: spec.type === 3 || spec.type === 1 ? dtstamp + 29 * 86400 : 0,
    pay_id: f.module.id,
    pay_secid: f.encrypted ? 1 : 0,
    currency: 'USD',
    environ: 'production',
    level: '',
    cardbrand,
    decrypt_status: f.encrypted ? 'decrypted' : 'not_encrypted',
    decrypt_error: '',
    description: f.description(card),
    module: { ...f.module },
    data,
  };
}
