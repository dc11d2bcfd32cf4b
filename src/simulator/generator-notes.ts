// What gets attached to a generated order after checkout: order notes (system and admin) and the
// custom fields set by the storefront and integrations, with the orderworkflow queue flags.
import type { MivaCustomFieldValues, MivaNote, MivaOrder } from '../miva-model/miva.models';
import { GIFT_MESSAGES, SIGNIFYD } from './generator-data';
import type { Ctx } from './generator-parts';
import { pickAt } from './rng';

const ADMIN_NOTES = [
  'Customer called: please leave at the back door 🚪',
  'Bitte nicht knicken!',
  'VIP customer — include a thank-you card.',
  '配達前に電話してください',
];

/** A checkout note on every 3rd order, an admin's note on every 4th. */
export function generateNotes(ctx: Ctx, order: MivaOrder): MivaNote[] {
  const { id } = ctx;
  const notes: MivaNote[] = [];
  const noteBase = {
    cust_id: order.cust_id,
    account_id: 0,
    order_id: id,
    cust_login: order.cust_login,
    business_title: order.business_title ?? '',
  };
  if (id % 3 === 0) {
    notes.push({
      id: id * 10 + 1,
      ...noteBase,
      user_id: 0,
      notetext: 'Order placed via storefront checkout.',
      dtstamp: ctx.orderdate + 1,
      admin_user: '',
    });
    ctx.cases.add('system_note');
  }
  if (id % 4 === 2) {
    notes.push({
      id: id * 10 + 2,
      ...noteBase,
      user_id: 1,
      notetext: ctx.rng.pick(ADMIN_NOTES),
      dtstamp: ctx.orderdate + 600,
      admin_user: 'admin',
    });
    ctx.cases.add('admin_note');
  }
  return notes;
}

/** The order's custom fields; the orderworkflow flags mark it new for the retrieval queue. */
export function generateCustomFields(ctx: Ctx): MivaCustomFieldValues {
  const { rng, id } = ctx;
  const customfields: Record<string, string | number> = {
    SignifydGuaranteeDisposition: pickAt(SIGNIFYD, id),
  };
  ctx.cases.add('signifyd');
  if (rng.chance(0.4)) {
    customfields.gift_msg = rng.pick(GIFT_MESSAGES);
  }
  if (rng.chance(0.3)) {
    customfields.delivery_date = new Date((ctx.now + rng.int(2, 20) * 86400) * 1000)
      .toISOString()
      .slice(0, 10);
  }
  customfields.loyalty_points = rng.int(0, 2500);
  return {
    customfields,
    orderworkflow: { new_and_updated: '1', successfully_retrieved_orders: '' },
  };
}
