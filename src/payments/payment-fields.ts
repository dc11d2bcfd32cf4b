// Reading what a Miva payment says about itself. `data` holds the module's report fields (field id →
// display value), decrypted when the store's passphrase was supplied; field ids differ per module
// (mod10: cc_card, cc_name, cc_number, cc_exp), so lookups try the usual spellings.

import type { MivaPayment } from '../miva-model/miva.models';
import { redactCardNumbers } from '../mappers/card-number';
import { readString } from '../mappers/miva-input';
import type { OmsCard, PaymentType } from '../mappers/oms-order.types';

/** The payment's data fields with lower-cased keys and trimmed string values. */
export type PaymentData = ReadonlyMap<string, string>;

const EMPTY: PaymentData = new Map();

export function readPaymentData(p: MivaPayment): PaymentData {
  const raw: unknown = p.data;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return EMPTY;
  }
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const value = readString(v).trim();
    if (value !== '') {
      out.set(k.toLowerCase(), value);
    }
  }
  return out;
}

export function firstField(data: PaymentData, fields: readonly string[]): string | null {
  for (const f of fields) {
    const v = data.get(f);
    if (v !== undefined) {
      return v;
    }
  }
  return null;
}

/** Miva payment types (docs/MIVA.md §6.2); null for a code Miva does not define. */
export function paymentType(code: number): PaymentType | null {
  switch (code) {
    case 0:
      return 'declined';
    case 1:
    case 3:
      return 'authorization';
    case 2:
    case 4:
      return 'capture';
    case 5:
      return 'sale';
    case 6:
      return 'refund';
    case 7:
      return 'void';
    default:
      return null;
  }
}

// "Apple Pay", "ApplePay", "apple_pay", Braintree's "apple_pay_card"; not "Apple Payne".
const APPLE_PAY = /\bapple[\s_-]*pay(?:[_-]card)?\b/i;
// Field names are identifiers ("applepay_token"): any mention counts there.
const APPLE_PAY_KEY = /apple[\s_-]*pay/i;
// Authorize.Net's payment data descriptor for Apple Pay.
const APPLE_PAY_DESCRIPTOR = 'common.apple.inapp.payment';
const FALSY = new Set(['0', 'false', 'no', 'n', 'off']);
// Fields holding what a customer typed (an address "applepay@…") name nothing about the payment.
const PERSONAL_FIELD = /email|name|address|phone/;

/** The payment's description or data names Apple Pay (e.g. Braintree's `apple_pay_card`). */
export function namesApplePay(p: MivaPayment, data: PaymentData): boolean {
  if (APPLE_PAY.test(readString(p.description))) {
    return true;
  }
  for (const [k, v] of data) {
    if (PERSONAL_FIELD.test(k)) {
      continue;
    }
    if (
      APPLE_PAY.test(v) ||
      v.toLowerCase() === APPLE_PAY_DESCRIPTOR ||
      (APPLE_PAY_KEY.test(k) && !FALSY.has(v.toLowerCase()))
    ) {
      return true;
    }
  }
  return false;
}

const BRAND_FIELDS = [
  'cc_card',
  'card_type',
  'cardtype',
  'cc_type',
  'card_brand',
  'cardbrand',
  'brand',
  'card_network',
  'credit_card_type',
];
const LAST4_FIELDS = ['last4', 'last_4', 'cc_last4', 'card_last4', 'last_four', 'lastfour'];
// Fields that may hold a full or masked card number: only the last four digits are ever kept.
const NUMBER_FIELDS = [
  'cc_number',
  'card_number',
  'cardnumber',
  'ccnum',
  'cc_num',
  'card_num',
  'masked_number',
  'masked_card_number',
  'masked_pan',
  'account_number',
  'acct',
  'number',
  'pan',
];
const EXP_FIELDS = [
  'cc_exp',
  'exp',
  'exp_date',
  'expiration',
  'expiration_date',
  'card_exp',
  'card_expiration',
  'expiry',
];
const EXP_MONTH_FIELDS = [
  'exp_month',
  'cc_exp_month',
  'expmonth',
  'expmo',
  'exp_mo',
  'expiration_month',
  'card_exp_month',
];
const EXP_YEAR_FIELDS = [
  'exp_year',
  'cc_exp_year',
  'expyear',
  'exp_yr',
  'expiration_year',
  'card_exp_year',
];

function digitsOnly(s: string): string {
  return s.replace(/\D+/g, '');
}

function last4From(data: PaymentData): string | null {
  const explicit = firstField(data, LAST4_FIELDS);
  if (explicit !== null) {
    const d = digitsOnly(explicit);
    if (d.length >= 4) {
      return d.slice(-4);
    }
  }
  for (const f of NUMBER_FIELDS) {
    const v = data.get(f);
    if (v !== undefined) {
      const d = digitsOnly(v);
      if (d.length >= 4) {
        return d.slice(-4);
      }
    }
  }
  return null;
}

function month(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,2}$/.test(s)) {
    return null;
  }
  const m = Number(s);
  return m >= 1 && m <= 12 ? m : null;
}

function year(s: string | undefined): number | null {
  if (s === undefined) {
    return null;
  }
  if (/^\d{4}$/.test(s)) {
    return Number(s);
  }
  if (/^\d{2}$/.test(s)) {
    return 2000 + Number(s);
  }
  return null;
}

/** "12/2030", "12/30", "12-2030", "1230", "122030", "2030-12" → { month, year }. */
export function parseExpiry(s: string): { month: number; year: number } | null {
  const t = s.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[/-](\d{1,2})$/.exec(t)) !== null) {
    const mo = month(m[2]);
    return mo === null ? null : { month: mo, year: Number(m[1]) };
  }
  if ((m = /^(\d{1,2})\s*[/-]\s*(\d{2}|\d{4})$/.exec(t)) !== null) {
    const mo = month(m[1]);
    const yr = year(m[2]);
    return mo === null || yr === null ? null : { month: mo, year: yr };
  }
  if ((m = /^(\d{2})(\d{2}|\d{4})$/.exec(t)) !== null) {
    const mo = month(m[1]);
    const yr = year(m[2]);
    return mo === null || yr === null ? null : { month: mo, year: yr };
  }
  return null;
}

const WALLET_PREFIX = /^(apple|google)[\s_-]*pay\s*[-:]\s*/i;

function brandFrom(p: MivaPayment, data: PaymentData): string | null {
  const raw = readString(p.cardbrand).trim() || firstField(data, BRAND_FIELDS) || '';
  // Wallets prefix the card brand ("Apple Pay - Visa"); the wallet is already the method.
  const brand = raw.replace(WALLET_PREFIX, '').trim() || raw;
  // A brand field should never hold a long digit run; mask in case a module put a PAN there.
  const safe = redactCardNumbers(brand);
  return safe === '' ? null : safe;
}

/** Card facts for the OMS, never a full number or CVV; null when the payment carries none. */
export function extractCard(p: MivaPayment, data: PaymentData): OmsCard | null {
  const brand = brandFrom(p, data);
  const last4 = last4From(data);
  let expMonth: number | null = null;
  let expYear: number | null = null;
  const combined = firstField(data, EXP_FIELDS);
  const parsed = combined === null ? null : parseExpiry(combined);
  if (parsed !== null) {
    expMonth = parsed.month;
    expYear = parsed.year;
  } else {
    const mo = firstField(data, EXP_MONTH_FIELDS);
    const yr = firstField(data, EXP_YEAR_FIELDS);
    expMonth = mo === null ? null : month(mo);
    expYear = yr === null ? null : year(yr);
  }
  if (brand === null && last4 === null && expMonth === null && expYear === null) {
    return null;
  }
  return { brand, last4, expMonth, expYear };
}

const COMMON_TRANSACTION_FIELDS = [
  'transaction_id',
  'transactionid',
  'trans_id',
  'transid',
  'txn_id',
  'txnid',
  'pnref',
  'reference',
  'reference_id',
];

/** Miva's refnum, else the gateway's transaction id field; card numbers masked regardless. */
export function extractTransactionId(
  p: MivaPayment,
  data: PaymentData,
  gatewayFields: readonly string[],
): string | null {
  const refnum = readString(p.refnum).trim();
  const id =
    refnum !== ''
      ? refnum
      : (firstField(data, gatewayFields) ?? firstField(data, COMMON_TRANSACTION_FIELDS));
  return id === null ? null : redactCardNumbers(id);
}
