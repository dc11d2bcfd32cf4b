// Payment module fixtures: one row per gateway case the generator produces. The module codes of
// third-party gateways are NOT verified (docs/MIVA.md §7.3): they are plausible guesses, so
// the mapper must also recognise modules by name and provider. Tests iterate over this table.
import type { MivaModule } from '../miva-model/miva.models';
import type { Rng } from './rng';

/** The gateway names of the OMS order's payments (docs/REST.md §5.4). */
export type ExpectedGateway =
  | 'paypal_express'
  | 'amazon_pay'
  | 'braintree'
  | 'apple_pay'
  | 'authorize_net'
  | 'customer_credit'
  | 'chase_paymentech'
  | 'bolt'
  | 'square'
  | 'mod10'
  | 'cybersource'
  | 'generic';

export type ExpectedMethod =
  'card' | 'paypal' | 'amazon_pay' | 'apple_pay' | 'store_credit' | 'check' | 'other';

export interface TestCard {
  brand: string;
  last4: string;
  /** A well-known public test number (never a real card). Only Mod10 stores it, encrypted. */
  number: string;
  expMonth: number;
  expYear: number;
}

export const TEST_CARDS: readonly TestCard[] = [
  { brand: 'Visa', last4: '1111', number: '4111111111111111', expMonth: 12, expYear: 2030 },
  { brand: 'MasterCard', last4: '4444', number: '5555555555554444', expMonth: 8, expYear: 2029 },
  {
    brand: 'American Express',
    last4: '8431',
    number: '378282246310005',
    expMonth: 3,
    expYear: 2031,
  },
  { brand: 'Discover', last4: '1117', number: '6011111111111117', expMonth: 11, expYear: 2028 },
];

export interface GatewayFixture {
  /** Unique key of the case, e.g. `braintree_apple_pay`. */
  key: string;
  /** What the mapper is expected to produce. */
  expected: {
    gateway: ExpectedGateway;
    processor: ExpectedGateway;
    method: ExpectedMethod;
    hasCard: boolean;
  };
  module: MivaModule;
  /** Whether Miva stores this module's payment data encrypted (pay_secid ≠ 0; needs Passphrase). */
  encrypted: boolean;
  description(card: TestCard): string;
  refnum(rng: Rng): string;
  /** Decrypted `payments[].data` as Miva returns it with `payment_data`. */
  data(rng: Rng, card: TestCard, ctx: { email: string; name: string }): Record<string, string>;
}

function mod(
  id: number,
  code: string,
  name: string,
  provider: string,
  version: string,
  module: string,
): MivaModule {
  return {
    id,
    code,
    name,
    provider,
    api_ver: '10.07',
    version,
    module,
    refcount: 1,
    active: true,
    priority: 0,
  };
}

const MM = 'Miva, Inc.';
const hex = '0123456789abcdef';
const two = (n: number): string => String(n).padStart(2, '0');

export const GATEWAY_FIXTURES: readonly GatewayFixture[] = [
  {
    key: 'paypal_express',
    expected: {
      gateway: 'paypal_express',
      processor: 'paypal_express',
      method: 'paypal',
      hasCard: false,
    },
    module: mod(
      31,
      'paypalexpress',
      'PayPal Express Checkout',
      MM,
      '10.0700',
      'features/pay/paypalexpress.mvc',
    ),
    encrypted: false,
    description: () => 'PayPal',
    refnum: (rng) => rng.chars(17),
    data: (rng, _card, ctx) => ({
      payer_id: rng.chars(13),
      payer_email: ctx.email,
      payer_status: 'verified',
      token: `EC-${rng.chars(17)}`,
      transaction_id: rng.chars(17),
    }),
  },
  {
    key: 'amazon_pay',
    expected: {
      gateway: 'amazon_pay',
      processor: 'amazon_pay',
      method: 'amazon_pay',
      hasCard: false,
    },
    module: mod(
      32,
      'amazonpay',
      'Amazon Pay',
      'Amazon Payments, Inc.',
      '2.0100',
      'modules/payment/amazonpay.mvc',
    ),
    encrypted: false,
    description: () => 'Amazon Pay',
    refnum: (rng) => `S01-${rng.chars(7, '0123456789')}-${rng.chars(7, '0123456789')}`,
    data: (rng, _card, ctx) => ({
      charge_permission_id: `S01-${rng.chars(7, '0123456789')}-${rng.chars(7, '0123456789')}`,
      charge_id: `S01-${rng.chars(7, '0123456789')}-${rng.chars(7, '0123456789')}-C${rng.chars(6, '0123456789')}`,
      buyer_email: ctx.email,
      buyer_name: ctx.name,
    }),
  },
  {
    key: 'braintree_card',
    expected: { gateway: 'braintree', processor: 'braintree', method: 'card', hasCard: true },
    module: mod(
      33,
      'braintree',
      'Braintree Payment Services',
      'Braintree, a division of PayPal, Inc.',
      '10.0700',
      'modules/payment/braintree.mvc',
    ),
    encrypted: false,
    description: (card) => `${card.brand} ending in ${card.last4}`,
    refnum: (rng) => rng.chars(8, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    data: (rng, card) => ({
      transaction_id: rng.chars(8, 'abcdefghijklmnopqrstuvwxyz0123456789'),
      payment_instrument_type: 'credit_card',
      card_type: card.brand,
      last_4: card.last4,
      expiration_month: two(card.expMonth),
      expiration_year: String(card.expYear),
      cardholder_name: '',
    }),
  },
  {
    key: 'braintree_paypal',
    expected: { gateway: 'braintree', processor: 'braintree', method: 'paypal', hasCard: false },
    module: mod(
      33,
      'braintree',
      'Braintree Payment Services',
      'Braintree, a division of PayPal, Inc.',
      '10.0700',
      'modules/payment/braintree.mvc',
    ),
    encrypted: false,
    description: () => 'PayPal (via Braintree)',
    refnum: (rng) => rng.chars(8, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    data: (rng, _card, ctx) => ({
      transaction_id: rng.chars(8, 'abcdefghijklmnopqrstuvwxyz0123456789'),
      payment_instrument_type: 'paypal_account',
      payer_email: ctx.email,
    }),
  },
  {
    key: 'braintree_apple_pay',
    expected: { gateway: 'apple_pay', processor: 'braintree', method: 'apple_pay', hasCard: true },
    module: mod(
      33,
      'braintree',
      'Braintree Payment Services',
      'Braintree, a division of PayPal, Inc.',
      '10.0700',
      'modules/payment/braintree.mvc',
    ),
    encrypted: false,
    description: (card) => `Apple Pay - ${card.brand} ${card.last4}`,
    refnum: (rng) => rng.chars(8, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    data: (rng, card) => ({
      transaction_id: rng.chars(8, 'abcdefghijklmnopqrstuvwxyz0123456789'),
      payment_instrument_type: 'apple_pay_card',
      card_type: `Apple Pay - ${card.brand}`,
      last_4: card.last4,
      expiration_month: two(card.expMonth),
      expiration_year: String(card.expYear),
    }),
  },
  {
    key: 'authorize_net',
    expected: {
      gateway: 'authorize_net',
      processor: 'authorize_net',
      method: 'card',
      hasCard: true,
    },
    module: mod(
      34,
      'authnet',
      'Authorize.Net Payment Services v3.1',
      'Authorize.Net, a Visa solution',
      '3.1000',
      'modules/payment/authnet.mvc',
    ),
    encrypted: false,
    description: (card) => `${card.brand} ending in ${card.last4}`,
    refnum: (rng) => rng.chars(11, '0123456789'),
    data: (rng, card) => ({
      trans_id: rng.chars(11, '0123456789'),
      auth_code: rng.chars(6),
      avs_result: 'Y',
      cvv_result: 'M',
      card_type: card.brand,
      account_number: `XXXX${card.last4}`,
      exp_month: two(card.expMonth),
      exp_year: String(card.expYear),
    }),
  },
  {
    key: 'authorize_net_acceptjs',
    expected: {
      gateway: 'authorize_net',
      processor: 'authorize_net',
      method: 'card',
      hasCard: true,
    },
    module: mod(
      34,
      'authnet',
      'Authorize.Net Payment Services v3.1',
      'Authorize.Net, a Visa solution',
      '3.1000',
      'modules/payment/authnet.mvc',
    ),
    encrypted: false,
    description: (card) => `${card.brand} ending in ${card.last4} (Accept.js)`,
    refnum: (rng) => rng.chars(11, '0123456789'),
    data: (rng, card) => ({
      trans_id: rng.chars(11, '0123456789'),
      auth_code: rng.chars(6),
      accept_js: '1',
      data_descriptor: 'COMMON.ACCEPT.INAPP.PAYMENT',
      card_type: card.brand,
      account_number: `XXXX${card.last4}`,
      exp_month: two(card.expMonth),
      exp_year: String(card.expYear),
    }),
  },
  {
    key: 'authorize_net_apple_pay',
    expected: {
      gateway: 'apple_pay',
      processor: 'authorize_net',
      method: 'apple_pay',
      hasCard: true,
    },
    module: mod(
      34,
      'authnet',
      'Authorize.Net Payment Services v3.1',
      'Authorize.Net, a Visa solution',
      '3.1000',
      'modules/payment/authnet.mvc',
    ),
    encrypted: false,
    description: (card) => `Apple Pay (${card.brand} ${card.last4})`,
    refnum: (rng) => rng.chars(11, '0123456789'),
    data: (rng, card) => ({
      trans_id: rng.chars(11, '0123456789'),
      auth_code: rng.chars(6),
      data_descriptor: 'COMMON.APPLE.INAPP.PAYMENT',
      wallet: 'Apple Pay',
      card_type: card.brand,
      account_number: `XXXX${card.last4}`,
      exp_month: two(card.expMonth),
      exp_year: String(card.expYear),
    }),
  },
  {
    key: 'customer_credit',
    expected: {
      gateway: 'customer_credit',
      processor: 'customer_credit',
      method: 'store_credit',
      hasCard: false,
    },
    module: mod(
      35,
      'customercredit',
      'Customer Credit',
      MM,
      '10.0700',
      'modules/payment/mmlsk-customercredit.mvc',
    ),
    encrypted: false,
    description: () => 'Customer Credit',
    refnum: () => '',
    data: () => ({}),
  },
  {
    key: 'chase_paymentech',
    expected: {
      gateway: 'chase_paymentech',
      processor: 'chase_paymentech',
      method: 'card',
      hasCard: true,
    },
    module: mod(
      36,
      'chasepaymentech',
      'Chase Paymentech Orbital Gateway',
      'Chase Paymentech Solutions, LLC',
      '5.0300',
      'modules/payment/orbital.mvc',
    ),
    encrypted: false,
    description: (card) => `${card.brand} ending in ${card.last4}`,
    refnum: (rng) => rng.chars(40, '0123456789ABCDEF'),
    data: (rng, card) => ({
      tx_ref_num: rng.chars(40, '0123456789ABCDEF'),
      auth_code: rng.chars(6, '0123456789'),
      card_brand: card.brand,
      last_four: card.last4,
      exp: `${two(card.expMonth)}${String(card.expYear).slice(2)}`,
    }),
  },
  {
    key: 'bolt',
    expected: { gateway: 'bolt', processor: 'bolt', method: 'card', hasCard: true },
    module: mod(
      37,
      'bolt',
      'Bolt Checkout',
      'Bolt Financial, Inc.',
      '2.2000',
      'modules/payment/bolt.mvc',
    ),
    encrypted: false,
    description: (card) => `Bolt - ${card.brand} ${card.last4}`,
    refnum: (rng) => `${rng.chars(4)}-${rng.chars(4)}-${rng.chars(4)}`,
    data: (rng, card) => ({
      transaction_reference: `${rng.chars(4)}-${rng.chars(4)}-${rng.chars(4)}`,
      transaction_id: `TA${rng.chars(12)}`,
      card_network: card.brand.toLowerCase(),
      card_last4: card.last4,
      card_expiration: `${card.expYear}-${two(card.expMonth)}`,
    }),
  },
  {
    key: 'square',
    expected: { gateway: 'square', processor: 'square', method: 'card', hasCard: true },
    module: mod(38, 'square', 'Square', 'Square, Inc.', '1.0500', 'modules/payment/square.mvc'),
    encrypted: false,
    description: (card) => `${card.brand} ending in ${card.last4}`,
    refnum: (rng) =>
      rng.chars(28, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
    data: (rng, card) => ({
      payment_id: rng.chars(28, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
      card_brand: card.brand.toUpperCase().replace(/ /g, '_'),
      last_4: card.last4,
      exp_month: String(card.expMonth),
      exp_year: String(card.expYear),
    }),
  },
  {
    key: 'mod10',
    expected: { gateway: 'mod10', processor: 'mod10', method: 'card', hasCard: true },
    module: mod(
      39,
      'mod10',
      'Credit Card w/ Simple Validation',
      MM,
      '10.0700',
      'modules/payment/mmlsk-mod10.mvc',
    ),
    // The kit stores the card in secure_data {name, number, expmo, expyear} and the card type in data
    // (modules/payment/mmlsk-mod10.mv). A decrypted read therefore carries the FULL number: the
    // mapper must drop `number` and keep only brand/last4/expiry.
    encrypted: true,
    description: (card) => card.brand,
    refnum: () => '',
    data: (_rng, card, ctx) => ({
      card_type: card.brand,
      name: ctx.name,
      number: card.number,
      expmo: String(card.expMonth),
      expyear: String(card.expYear),
    }),
  },
  {
    key: 'cybersource',
    expected: { gateway: 'cybersource', processor: 'cybersource', method: 'card', hasCard: true },
    module: mod(
      40,
      'cybersource',
      'CyberSource',
      'CyberSource Corporation',
      '3.0000',
      'modules/payment/cybersource.mvc',
    ),
    encrypted: false,
    description: (card) => `${card.brand} ending in ${card.last4}`,
    refnum: (rng) => rng.chars(22, '0123456789'),
    data: (rng, card) => ({
      request_id: rng.chars(22, '0123456789'),
      request_token: rng.chars(
        24,
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+',
      ),
      card_type: card.brand,
      masked_pan: `${card.number.slice(0, 6)}XXXXXX${card.last4}`,
      exp_month: two(card.expMonth),
      exp_year: String(card.expYear),
    }),
  },
  {
    key: 'unknown_third_party',
    expected: { gateway: 'generic', processor: 'generic', method: 'other', hasCard: false },
    module: mod(
      41,
      'acmepay',
      'AcmePay Hosted Checkout',
      'Acme Payments Ltd.',
      '0.9000',
      'modules/payment/acmepay.mvc',
    ),
    encrypted: false,
    description: () => 'AcmePay',
    refnum: (rng) => `ACME-${rng.chars(10, hex)}`,
    data: (rng) => ({ acme_txn: rng.chars(16, hex), acme_status: 'OK' }),
  },
];

export const CUSTOMER_CREDIT_FIXTURE = GATEWAY_FIXTURES.find(
  (g) => g.key === 'customer_credit',
) as GatewayFixture;
