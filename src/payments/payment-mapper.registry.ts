import type { MivaPayment } from '../miva-model/miva.models';
import type { PaymentMapping } from '../mappers/mapper-settings';
import {
  readArray,
  readInt,
  readObject,
  readString,
  type ReadContext,
} from '../mappers/miva-input';
import { redactCardNumbers } from '../mappers/card-number';
import type { Gateway, OmsException, OmsPayment } from '../mappers/oms-order.types';
import { amazonPayPaymentMapper } from './amazon-pay.payment-mapper';
import { applePayPaymentMapper } from './apple-pay.payment-mapper';
import { authorizeNetPaymentMapper } from './authorize-net.payment-mapper';
import { boltPaymentMapper } from './bolt.payment-mapper';
import { braintreePaymentMapper } from './braintree.payment-mapper';
import { chasePaymentechPaymentMapper } from './chase-paymentech.payment-mapper';
import { customerCreditPaymentMapper } from './customer-credit.payment-mapper';
import { cybersourcePaymentMapper } from './cybersource.payment-mapper';
import { genericPaymentMapper } from './generic.payment-mapper';
import { mod10PaymentMapper } from './mod10.payment-mapper';
import { namesApplePay, paymentType, readPaymentData, type PaymentData } from './payment-fields';
import {
  moduleOf,
  RECOGNITION_LEVELS,
  type PaymentGatewayMapper,
  type RecognitionLevel,
} from './payment-gateway-mapper';
import { paypalExpressPaymentMapper } from './paypal-express.payment-mapper';
import { squarePaymentMapper } from './square.payment-mapper';

/**
 * First match wins within a recognition level. Processors come before wallets so that a module
 * named after both ("Braintree (PayPal, Apple Pay)") is the processor; customer credit is never a
 * processor and goes first. Adding a gateway = one file and one line here.
 */
export const BUILT_IN_PAYMENT_MAPPERS: readonly PaymentGatewayMapper[] = [
  customerCreditPaymentMapper,
  braintreePaymentMapper,
  authorizeNetPaymentMapper,
  chasePaymentechPaymentMapper,
  cybersourcePaymentMapper,
  squarePaymentMapper,
  boltPaymentMapper,
  amazonPayPaymentMapper,
  paypalExpressPaymentMapper,
  applePayPaymentMapper,
  mod10PaymentMapper,
];

/** The Miva module as far as the payment tells it. */
export interface ModuleIdentity {
  code: string;
  name: string;
  provider: string;
}

export interface PaymentRecognition {
  gateway: Gateway;
  processor: Gateway;
}

/** Order-level facts used when a payment came without its module object (no payment_data). */
export interface OrderPaymentHints {
  /** The order's pay_id: the module id of its newest payment. */
  orderPayId?: number;
  /** The order's payment_module: that module's name. */
  orderPaymentModuleName?: string;
}

const PLACEHOLDER_NAMES = new Set(['', 'none', 'unknown']);
const DETECT_CACHE_LIMIT = 1000;

export class PaymentMapperRegistry {
  private readonly byGateway = new Map<Gateway, PaymentGatewayMapper>();
  // Stores reuse a handful of modules across thousands of orders: remember what each one is.
  private readonly detectCache = new Map<string, Gateway | null>();

  constructor(
    private readonly mappers: readonly PaymentGatewayMapper[] = BUILT_IN_PAYMENT_MAPPERS,
    private readonly fallback: PaymentGatewayMapper = genericPaymentMapper,
  ) {
    for (const m of mappers) {
      if (!this.byGateway.has(m.gateway)) {
        this.byGateway.set(m.gateway, m);
      }
    }
    this.byGateway.set(fallback.gateway, fallback);
  }

  identify(p: MivaPayment, hints: OrderPaymentHints = {}): ModuleIdentity {
    const m = moduleOf(p);
    if (m !== null) {
      return {
        code: readString(m.code).trim(),
        name: readString(m.name).trim(),
        provider: readString(m.provider).trim(),
      };
    }
    // Without payment_data only the order's payment_module (a name) is known, and only for the
    // payments made with the order's newest module.
    const name = readString(hints.orderPaymentModuleName).trim();
    const usable =
      !PLACEHOLDER_NAMES.has(name.toLowerCase()) &&
      hints.orderPayId !== undefined &&
      hints.orderPayId !== 0 &&
      p.pay_id === hints.orderPayId;
    return { code: '', name: usable ? name : '', provider: '' };
  }

  /** Built-in recognition: code, then name, then provider; first mapper that matches. */
  detect(identity: ModuleIdentity, exclude?: Gateway): Gateway | null {
    const key = `${exclude ?? ''}\u0000${identity.code}\u0000${identity.name}\u0000${identity.provider}`;
    const cached = this.detectCache.get(key);
    if (cached !== undefined) {
      return cached;
    }
    let found: Gateway | null = null;
    for (const level of RECOGNITION_LEVELS) {
      found = this.detectAt(level, identity[level], exclude);
      if (found !== null) {
        break;
      }
    }
    if (this.detectCache.size >= DETECT_CACHE_LIMIT) {
      this.detectCache.clear();
    }
    this.detectCache.set(key, found);
    return found;
  }

  private detectAt(level: RecognitionLevel, text: string, exclude?: Gateway): Gateway | null {
    if (text === '') {
      return null;
    }
    for (const m of this.mappers) {
      if (m.gateway !== exclude && m.recognises(level, text)) {
        return m.gateway;
      }
    }
    return null;
  }

  /**
   * docs/REST.md §5.4: the store's payment mappings, then the module's code, name, provider; else
   * generic. A payment naming Apple Pay is apple_pay, processed by the gateway recognised above.
   */
  recognise(
    p: MivaPayment,
    data: PaymentData,
    mappings: readonly PaymentMapping[] = [],
    hints: OrderPaymentHints = {},
  ): PaymentRecognition {
    const identity = this.identify(p, hints);
    const mapped = findMapping(mappings, identity);
    const base = mapped ?? this.detect(identity) ?? 'generic';
    if (base !== 'apple_pay' && !namesApplePay(p, data)) {
      return { gateway: base, processor: base };
    }
    let processor: Gateway =
      base !== 'apple_pay' ? base : (this.detect(identity, 'apple_pay') ?? 'generic');
    if (processor === 'generic') {
      // e.g. "Apple Pay via Braintree" in the description of an otherwise unknown module.
      processor = this.detectAt('name', readString(p.description), 'apple_pay') ?? 'generic';
    }
    return { gateway: 'apple_pay', processor };
  }

  mapperFor(gateway: Gateway): PaymentGatewayMapper {
    return this.byGateway.get(gateway) ?? this.fallback;
  }

  /** Recognises and maps one Miva payment. */
  map(
    p: MivaPayment,
    ctx: ReadContext & { index: number },
    mappings: readonly PaymentMapping[] = [],
    hints: OrderPaymentHints = {},
  ): OmsPayment {
    const data = readPaymentData(p);
    const { gateway, processor } = this.recognise(p, data, mappings, hints);
    return this.mapperFor(gateway).map(p, {
      orderId: ctx.orderId,
      index: ctx.index,
      processor,
      data,
    });
  }
}

/** The gateway a store's payment mapping gives the module (by code, then by name), if any. */
export function findMapping(
  mappings: readonly PaymentMapping[],
  identity: ModuleIdentity,
): Gateway | null {
  if (mappings.length === 0) {
    return null;
  }
  const code = identity.code.toLowerCase();
  const name = identity.name.toLowerCase();
  for (const m of mappings) {
    const key = m.mivaModule.trim().toLowerCase();
    if (key !== '' && key === code) {
      return m.gateway;
    }
  }
  for (const m of mappings) {
    const key = m.mivaModule.trim().toLowerCase();
    if (key !== '' && key === name) {
      return m.gateway;
    }
  }
  return null;
}

export const defaultPaymentMapperRegistry = new PaymentMapperRegistry();

/** Miva could not decrypt the payment's data (no or a wrong passphrase): card details are missing. */
function notDecrypted(sourcePaymentId: number, decryptError: unknown): OmsException {
  const reason =
    typeof decryptError === 'string' && decryptError.trim() !== ''
      ? redactCardNumbers(decryptError.trim())
      : 'no reason given';
  return {
    code: 'PAYMENT_NOT_DECRYPTED',
    message: `Miva could not decrypt payment ${sourcePaymentId}'s data: ${reason}. Check the store's payment passphrase.`,
  };
}

/** One OMS payment per Miva payment (a credit + card checkout is two), in Miva's order. */
export function mapPayments(
  ctx: ReadContext,
  raw: MivaPayment[] | null | undefined,
  mappings: readonly PaymentMapping[],
  hints: OrderPaymentHints = {},
  registry: PaymentMapperRegistry = defaultPaymentMapperRegistry,
): { payments: OmsPayment[]; exceptions: OmsException[] } {
  const list = readArray(ctx, raw, 'payments');
  const payments: OmsPayment[] = new Array<OmsPayment>(list.length);
  const exceptions: OmsException[] = [];
  for (let i = 0; i < list.length; i++) {
    const p = readObject(ctx, list[i], 'payments', i);
    const payment = registry.map(p, { orderId: ctx.orderId, index: i }, mappings, hints);
    payments[i] = payment;
    const typeCode = readInt(ctx, p.type, 'payments', i, 'type');
    if (paymentType(typeCode) === null) {
      exceptions.push({
        code: 'UNKNOWN_PAYMENT_TYPE',
        message: `Payment ${payment.sourcePaymentId} has Miva type ${typeCode}, which Miva does not define; it is listed as declined.`,
      });
    }
    if (p.decrypt_status === 'not_decrypted') {
      exceptions.push(notDecrypted(payment.sourcePaymentId, p.decrypt_error));
    }
  }
  return { payments, exceptions };
}
