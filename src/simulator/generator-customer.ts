// Who placed a generated order: the buyer, the addresses, the order's header columns and, for a
// registered buyer, the customer record (docs/MIVA.md).
import type { MivaCustomer, MivaOrder } from '../miva-model/miva.models';
import { formatMoney, round2 } from './order-math';
import { COMPANIES, PLACES, SHIP_METHODS } from './generator-data';
import { type Ctx, emailFor, person } from './generator-parts';

type Person = ReturnType<typeof person>;
type Place = (typeof PLACES)[number];
export type ShipMethod = (typeof SHIP_METHODS)[number];

/** The buyer, the recipient and where the order goes; drawn once, then copied into the order. */
export interface Contact {
  guest: boolean;
  buyer: Person;
  shipTo: Person;
  place: Place;
  billPlace: Place;
  email: string;
  phone: string;
  company: string;
  shipMethod: ShipMethod;
  custId: number;
  login: string;
  addr1: string;
  addr2: string;
  billAddr1: string;
}

export function drawContact(ctx: Ctx, guest: boolean): Contact {
  const { rng, id } = ctx;
  const buyer = person(rng);
  const shipTo = rng.chance(0.8) ? buyer : person(rng);
  const place = rng.pick(PLACES);
  const billPlace = rng.chance(0.85) ? place : rng.pick(PLACES);
  const email = emailFor(buyer.first, buyer.last, rng);
  const phone = `+1 ${rng.int(200, 989)}-555-${String(rng.int(0, 9999)).padStart(4, '0')}`;
  const company = rng.pick(COMPANIES);
  const shipMethod = rng.pick(SHIP_METHODS);
  const custId = guest ? 0 : 5000 + (id % 1500);
  const login = guest ? '' : (emailFor(buyer.first, buyer.last, rng).split('@')[0] ?? '');
  const addr1 = `${rng.int(1, 9999)} ${place.street}`;
  const addr2 = rng.chance(0.25) ? `Apt ${rng.int(1, 40)}${rng.pick(['', 'B', 'º'])}` : '';
  const billAddr1 = billPlace === place ? addr1 : `${rng.int(1, 999)} ${billPlace.street}`;
  if (guest) {
    ctx.cases.add('guest');
  }
  for (const s of [buyer.first, buyer.last, shipTo.first, shipTo.last, place.city, company]) {
    if (/[^\x20-\x7e]/.test(s)) {
      ctx.cases.add('non_ascii');
    }
  }
  return {
    guest,
    buyer,
    shipTo,
    place,
    billPlace,
    email,
    phone,
    company,
    shipMethod,
    custId,
    login,
    addr1,
    addr2,
    billAddr1,
  };
}

/** The order's header columns; totals and counts stay 0 until the order is recalculated. */
export function newOrder(ctx: Ctx, c: Contact): MivaOrder {
  const { guest } = c;
  return {
    id: ctx.id,
    pay_id: 0,
    batch_id: 0,
    status: 0,
    pay_status: 0,
    stk_status: 0,
    dt_instock: 0,
    orderdate: ctx.orderdate,
    cust_id: c.custId,
    ship_res: c.company === '',
    ship_fname: c.shipTo.first,
    ship_lname: c.shipTo.last,
    ship_email: c.email,
    ship_comp: c.company,
    ship_phone: c.phone,
    ship_fax: '',
    ship_addr1: c.addr1,
    ship_addr2: c.addr2,
    ship_city: c.place.city,
    ship_state: c.place.state,
    ship_zip: c.place.zip,
    ship_cntry: c.place.cntry,
    bill_fname: c.buyer.first,
    bill_lname: c.buyer.last,
    bill_email: c.email,
    bill_comp: c.company,
    bill_phone: c.phone,
    bill_fax: '',
    bill_addr1: c.billAddr1,
    bill_addr2: c.billPlace === c.place ? c.addr2 : '',
    bill_city: c.billPlace.city,
    bill_state: c.billPlace.state,
    bill_zip: c.billPlace.zip,
    bill_cntry: c.billPlace.cntry,
    ship_id: c.shipMethod.id,
    ship_data: c.shipMethod.code,
    ship_method: c.shipMethod.name,
    cust_login: c.login,
    cust_pw_email: guest ? '' : c.email,
    business_title: c.company !== '' && !guest ? c.company : '',
    payment_module: '',
    source: '',
    source_id: 0,
    total: 0,
    formatted_total: '',
    total_ship: 0,
    formatted_total_ship: '',
    total_tax: 0,
    formatted_total_tax: '',
    total_auth: 0,
    formatted_total_auth: '',
    total_capt: 0,
    formatted_total_capt: '',
    total_rfnd: 0,
    formatted_total_rfnd: '',
    net_capt: 0,
    formatted_net_capt: '',
    pend_count: 0,
    bord_count: 0,
    note_count: 0,
    dt_updated: ctx.orderdate,
  };
}

/**
 * The registered buyer's customer record, its addresses copied from the order. The order's
 * lifetime figures assume `order_cnt` orders of this order's total (so call it once totalled).
 */
export function generateCustomer(ctx: Ctx, c: Contact, order: MivaOrder): MivaCustomer {
  const { id } = ctx;
  const credit = round2(ctx.rng.int(0, 5000) / 100);
  const total = order.total;
  return {
    id: c.custId,
    account_id: 0,
    login: c.login,
    pw_email: c.email,
    ship_id: 0,
    ship_res: order.ship_res,
    ship_fname: order.ship_fname,
    ship_lname: order.ship_lname,
    ship_email: order.ship_email,
    ship_comp: order.ship_comp,
    ship_phone: order.ship_phone,
    ship_fax: '',
    ship_addr1: order.ship_addr1,
    ship_addr2: order.ship_addr2,
    ship_city: order.ship_city,
    ship_state: order.ship_state,
    ship_zip: order.ship_zip,
    ship_cntry: order.ship_cntry,
    bill_id: 0,
    bill_fname: order.bill_fname,
    bill_lname: order.bill_lname,
    bill_email: order.bill_email,
    bill_comp: order.bill_comp,
    bill_phone: order.bill_phone,
    bill_fax: '',
    bill_addr1: order.bill_addr1,
    bill_addr2: order.bill_addr2,
    bill_city: order.bill_city,
    bill_state: order.bill_state,
    bill_zip: order.bill_zip,
    bill_cntry: order.bill_cntry,
    tax_exempt: false,
    order_cnt: 1 + (id % 7),
    order_avg: total,
    formatted_order_avg: formatMoney(total),
    order_tot: round2(total * (1 + (id % 7))),
    formatted_order_tot: formatMoney(round2(total * (1 + (id % 7)))),
    note_count: 0,
    dt_created: ctx.orderdate - 200 * 86400,
    dt_updated: ctx.orderdate - 3 * 86400,
    dt_login: ctx.orderdate - 60,
    dt_pwchg: ctx.orderdate - 200 * 86400,
    credit,
    formatted_credit: formatMoney(credit),
  };
}
