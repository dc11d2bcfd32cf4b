import {
  customFieldChanges,
  suggestOmsField,
  withCustomField,
  withPaymentOverride,
} from './mapping-draft';

describe('mapping drafts', () => {
  it('suggests camelCase OMS names that the API accepts', () => {
    expect(suggestOmsField('customfields:gift_msg')).toBe('giftMsg');
    expect(suggestOmsField('customfields:SignifydGuaranteeDisposition')).toBe(
      'signifydGuaranteeDisposition',
    );
    expect(suggestOmsField('customfields:2nd-line')).toBe('_2ndLine');
  });

  it('adds a field once and renames it when mapped again', () => {
    const once = withCustomField([], 'customfields:gift_msg');
    expect(once).toEqual([{ mivaField: 'customfields:gift_msg', omsField: 'giftMsg' }]);
    expect(withCustomField(once, 'customfields:gift_msg', 'giftMessage')).toEqual([
      { mivaField: 'customfields:gift_msg', omsField: 'giftMessage' },
    ]);
  });

  it('sets and clears a payment override', () => {
    const set = withPaymentOverride([{ mivaModule: 'a', gateway: 'bolt' }], 'acmepay', 'braintree');
    expect(set).toEqual([
      { mivaModule: 'a', gateway: 'bolt' },
      { mivaModule: 'acmepay', gateway: 'braintree' },
    ]);
    expect(withPaymentOverride(set, 'acmepay', '')).toEqual([{ mivaModule: 'a', gateway: 'bolt' }]);
  });

  it('lists what a preview changes', () => {
    expect(customFieldChanges({ a: 'x' }, { a: 'x', giftMsg: 'Hi' })).toEqual([
      { name: 'a', current: 'x', preview: 'x', changed: false },
      { name: 'giftMsg', current: '—', preview: 'Hi', changed: true },
    ]);
  });
});
