import type { PaymentMapping } from '../../mappers/mapper-settings';
import type { Gateway } from '../../mappers/oms-order.types';
import type { ModuleIdentity } from '../../payments';
import {
  discoveredCustomFields,
  discoveredPayments,
  EXAMPLE_MAX_CHARS,
  exampleOf,
  PaymentModuleCount,
  PaymentRecognizer,
} from './discovery-rules';

const at = new Date('2026-11-22T09:00:00.000Z');

describe('exampleOf', () => {
  it('keeps a short value as it is and shows no value as ""', () => {
    expect(exampleOf('Happy birthday')).toBe('Happy birthday');
    expect(exampleOf(null)).toBe('');
  });

  it('cuts a long value to 80 characters, the last an ellipsis', () => {
    const long = 'x'.repeat(200);
    const example = exampleOf(long);
    expect(Array.from(example)).toHaveLength(EXAMPLE_MAX_CHARS);
    expect(example).toBe(`${'x'.repeat(79)}…`);
    expect(exampleOf('y'.repeat(80))).toBe('y'.repeat(80));
  });

  it('counts characters, not UTF-16 units (an emoji is never split in half)', () => {
    const example = exampleOf('❤️'.repeat(60) + '🎁'.repeat(60));
    expect(Array.from(example)).toHaveLength(EXAMPLE_MAX_CHARS);
    expect(example.endsWith('…')).toBe(true);
    expect(example).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('masks a card number typed into the field, also one cut by the length limit', () => {
    expect(exampleOf('paid by 4111 1111 1111 1111 thanks')).toBe(
      'paid by **** **** **** 1111 thanks',
    );
    const late = `${'a'.repeat(70)}4111111111111111`;
    expect(exampleOf(late)).not.toContain('41111111');
  });
});

describe('discoveredCustomFields', () => {
  it('names fields <module>:<code>, most frequent first, ties by name', () => {
    const result = discoveredCustomFields([
      { module: 'customfields', code: 'gift_msg', orders: 3, lastSeenAt: at, example: 'Hi' },
      { module: 'customfields', code: 'b', orders: 7, lastSeenAt: at, example: '1' },
      { module: 'signifyd', code: 'score', orders: 7, lastSeenAt: at, example: null },
      { module: 'customfields', code: 'a', orders: 7, lastSeenAt: at, example: '2' },
    ]);
    expect(result).toEqual([
      { mivaField: 'customfields:a', orders: 7, lastSeenAt: at.toISOString(), example: '2' },
      { mivaField: 'customfields:b', orders: 7, lastSeenAt: at.toISOString(), example: '1' },
      { mivaField: 'signifyd:score', orders: 7, lastSeenAt: at.toISOString(), example: '' },
      {
        mivaField: 'customfields:gift_msg',
        orders: 3,
        lastSeenAt: at.toISOString(),
        example: 'Hi',
      },
    ]);
  });
});

describe('discoveredPayments', () => {
  const recognizer: PaymentRecognizer = {
    detect: (identity: ModuleIdentity): Gateway | null =>
      identity.code === 'braintree' || identity.name.includes('Braintree') ? 'braintree' : null,
    mappedTo: (mappings: readonly PaymentMapping[], identity: ModuleIdentity) =>
      mappings.find((m) => m.mivaModule.toLowerCase() === identity.code.toLowerCase())?.gateway ??
      null,
  };
  const count = (c: Partial<PaymentModuleCount>): PaymentModuleCount => ({
    code: '',
    name: '',
    provider: '',
    payments: 1,
    lastOrderId: 1,
    ...c,
  });

  it('one entry per module code, with the newest name and provider and every payment counted', () => {
    const result = discoveredPayments(
      [
        count({
          code: 'braintree',
          name: 'Braintree v1',
          provider: 'old',
          payments: 4,
          lastOrderId: 10,
        }),
        count({
          code: 'braintree',
          name: 'Braintree v2',
          provider: 'new',
          payments: 6,
          lastOrderId: 20,
        }),
        count({ code: 'acmepay', name: 'AcmePay', provider: 'Acme', payments: 12, lastOrderId: 5 }),
      ],
      [{ mivaModule: 'ACMEPAY', gateway: 'square' }],
      recognizer,
    );
    expect(result).toEqual([
      {
        mivaModule: 'acmepay',
        name: 'AcmePay',
        provider: 'Acme',
        payments: 12,
        recognisedAs: 'generic',
        mappedTo: 'square',
      },
      {
        mivaModule: 'braintree',
        name: 'Braintree v2',
        provider: 'new',
        payments: 10,
        recognisedAs: 'braintree',
        mappedTo: null,
      },
    ]);
  });

  it('lists a module known only by name under its name, and leaves out payments naming none', () => {
    const result = discoveredPayments(
      [
        count({ name: 'Braintree Hosted', payments: 2 }),
        count({ payments: 50 }),
        count({ code: 'a', payments: 2 }),
      ],
      [],
      recognizer,
    );
    expect(result.map((r) => [r.mivaModule, r.payments, r.recognisedAs])).toEqual([
      ['Braintree Hosted', 2, 'braintree'],
      ['a', 2, 'generic'],
    ]);
  });
});
