import type { MivaModule, MivaPayment } from '../miva-model/miva.models';
import {
  isoFromUnix,
  readCents,
  readInt,
  readString,
  type ReadContext,
} from '../mappers/miva-input';
import { formatCents } from '../mappers/money';
import type { Gateway, OmsCard, OmsPayment, PaymentMethod } from '../mappers/oms-order.types';
import { extractCard, extractTransactionId, paymentType, type PaymentData } from './payment-fields';

/** Which part of the Miva module object a gateway was recognised by (order: docs/REST.md §5.4). */
export type RecognitionLevel = 'code' | 'name' | 'provider';
export const RECOGNITION_LEVELS: readonly RecognitionLevel[] = ['code', 'name', 'provider'];

/** Lower-case letters and digits only: "Authorize.Net v3.1" → "authorizenetv31". */
export function compact(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export interface PaymentMappingContext extends ReadContext {
  /** Index of the payment in the order's payments[] (for error paths). */
  readonly index: number;
  /** The gateway that processed the payment: the gateway itself except for Apple Pay. */
  readonly processor: Gateway;
  readonly data: PaymentData;
}

/** What a gateway's method rule can look at. */
export interface PaymentFacts {
  readonly payment: MivaPayment;
  readonly data: PaymentData;
  readonly card: OmsCard | null;
}

export interface PaymentGatewayMapper {
  readonly gateway: Gateway;
  /** Does this part of the module (raw text) name this gateway? */
  recognises(level: RecognitionLevel, text: string): boolean;
  /** The module object (code, then name, then provider) names this gateway. */
  canHandle(payment: MivaPayment): boolean;
  map(payment: MivaPayment, ctx: PaymentMappingContext): OmsPayment;
}

type Matcher = (compactText: string, raw: string) => boolean;

export interface GatewayDefinition {
  gateway: Gateway;
  code?: Matcher;
  name?: Matcher;
  provider?: Matcher;
  method: (facts: PaymentFacts) => PaymentMethod;
  /** The gateway's own transaction id fields in `data`, tried when refnum is empty. */
  transactionIdFields?: readonly string[];
}

/** A card method when the payment carries card facts, else other. */
export function cardOrOther(facts: PaymentFacts): PaymentMethod {
  return facts.card !== null ? 'card' : 'other';
}

export function moduleOf(p: MivaPayment): Partial<MivaModule> | null {
  const m: unknown = p.module;
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? m : null;
}

/** Maps the fields every gateway shares; the gateway supplies the method and where ids live. */
export function mapPaymentRecord(
  p: MivaPayment,
  ctx: PaymentMappingContext,
  gateway: Gateway,
  method: (facts: PaymentFacts) => PaymentMethod,
  transactionIdFields: readonly string[],
): OmsPayment {
  const i = ctx.index;
  const data = ctx.data;
  const card = extractCard(p, data);
  const code = readString(moduleOf(p)?.code).trim();
  return {
    sourcePaymentId: readInt(ctx, p.id, 'payments', i, 'id'),
    gateway,
    processor: ctx.processor,
    mivaModule: code === '' ? null : code,
    method: method({ payment: p, data, card }),
    // Unknown codes are reported as an order exception by the caller; 'declined' claims no money.
    type: paymentType(readInt(ctx, p.type, 'payments', i, 'type')) ?? 'declined',
    amount: formatCents(readCents(ctx, p.amount, 'payments', i, 'amount')),
    transactionId: extractTransactionId(p, data, transactionIdFields),
    card,
    createdAt: isoFromUnix(ctx, p.dtstamp, 'payments', i, 'dtstamp'),
  };
}

/** Builds a gateway mapper from its recognition patterns and its method rule. */
export function defineGatewayMapper(def: GatewayDefinition): PaymentGatewayMapper {
  const fields = def.transactionIdFields ?? [];
  const recognises = (level: RecognitionLevel, text: string): boolean => {
    const matcher = def[level];
    if (matcher === undefined || text.trim() === '') {
      return false;
    }
    return matcher(compact(text), text);
  };
  return {
    gateway: def.gateway,
    recognises,
    canHandle(payment: MivaPayment): boolean {
      const m = moduleOf(payment);
      return (
        m !== null &&
        (recognises('code', readString(m.code)) ||
          recognises('name', readString(m.name)) ||
          recognises('provider', readString(m.provider)))
      );
    },
    map(payment: MivaPayment, ctx: PaymentMappingContext): OmsPayment {
      return mapPaymentRecord(payment, ctx, def.gateway, def.method, fields);
    },
  };
}
