// The payments of a generated order: which transactions a payment flow leaves behind (payment
// types as in docs/MIVA.md: 0 declined, 1/2 legacy auth/capture, 3 auth, 4 capture, 5 auth+capture,
// 6 refund, 7 void), built through the gateway fixture.
import type { MivaOrder, MivaOrderItem, MivaPayment } from '../miva-model/miva.models';
import { CUSTOMER_CREDIT_FIXTURE, type GatewayFixture } from './gateways';
import { buildPayment, type Ctx, type PaymentSpec } from './generator-parts';
import type { OrderStatus } from './generator-statuses';
import { round2 } from './order-math';

export interface PaymentInput {
  gateway: GatewayFixture;
  /** 0-5: which transactions the gateway recorded (see `primarySpecs`); 5 may split with store credit. */
  flow: number;
  status: OrderStatus;
  guest: boolean;
  itemsTotal: number;
  shipCost: number;
}

/** The order's payments, oldest first; `order.total` must already be computed. */
export function generatePayments(ctx: Ctx, order: MivaOrder, input: PaymentInput): MivaPayment[] {
  const specs: PaymentSpec[] = [];
  const credit = storeCredit(ctx, order.total, input);
  if (credit) {
    specs.push(credit);
  }
  const primary = credit ? round2(order.total - credit.amount) : order.total;
  specs.push(...primarySpecs(ctx, input, primary));
  const refund = refundSpec(ctx, input, order.items ?? []);
  if (refund) {
    specs.push(refund);
  }
  const payer = `${order.bill_fname} ${order.bill_lname}`;
  const payments = specs.map((s, i) => buildPayment(ctx, order, i + 1, s, payer));
  if (input.gateway.encrypted) {
    ctx.cases.add('encrypted_payment');
  }
  return payments;
}

/** A registered buyer on flow 5 pays part of a larger order with store credit. */
function storeCredit(ctx: Ctx, total: number, input: PaymentInput): PaymentSpec | null {
  if (input.flow !== 5 || input.gateway === CUSTOMER_CREDIT_FIXTURE || input.guest || total <= 10) {
    return null;
  }
  const amount = round2(Math.min(total - 1, ctx.rng.int(5, 25)));
  ctx.cases.add('split_payment');
  return { fixture: CUSTOMER_CREDIT_FIXTURE, type: 5, amount, offset: 5 };
}

/** The gateway's transactions for the amount it was asked for. */
function primarySpecs(ctx: Ctx, input: PaymentInput, amount: number): PaymentSpec[] {
  const { gateway: fixture, flow, status } = input;
  const spec = (type: number, offset: number, amt = amount): PaymentSpec => ({
    fixture,
    type,
    amount: amt,
    offset,
  });
  const specs: PaymentSpec[] = [];
  if (flow === 3 && status !== 'cancelled') {
    specs.push(spec(0, 10));
    ctx.cases.add('declined_payment');
  }
  if (status === 'cancelled') {
    // The authorisation was voided when the order was cancelled (its total is now 0).
    const authAmount = round2(input.itemsTotal + input.shipCost);
    specs.push(spec(3, 20, authAmount), spec(7, 86400, authAmount));
    ctx.cases.add('void');
  } else if (flow === 0 && status !== 'returned' && status !== 'rma') {
    specs.push(spec(3, 20));
  } else if (flow <= 1 || flow === 3 || flow === 5) {
    specs.push(spec(5, 20));
  } else if (flow === 2) {
    specs.push(spec(3, 20), spec(4, 3600));
  } else {
    specs.push(spec(1, 20), spec(2, 3600));
    ctx.cases.add('legacy_payment_types');
  }
  return specs;
}

/** A returned order is refunded the total of its returned items. */
function refundSpec(ctx: Ctx, input: PaymentInput, items: MivaOrderItem[]): PaymentSpec | null {
  if (input.status !== 'returned') {
    return null;
  }
  const refund = round2(items.filter((i) => i.status === 600).reduce((s, i) => s + i.total, 0));
  if (refund <= 0) {
    return null;
  }
  ctx.cases.add('refund');
  return { fixture: input.gateway, type: 6, amount: refund, offset: 12 * 86400 };
}
