import { order, SETTINGS, settings } from './__fixtures__/miva-order.fixture';
import { mapOrder } from './order.mapper';

describe('custom fields', () => {
  const withFields = order({
    CustomField_Values: {
      customfields: {
        SignifydGuaranteeDisposition: 'APPROVED',
        gift_msg: 'Für dich ❤️',
        loyalty_points: 1200,
      },
      auditlog: { last_user: 'admin' },
      orderworkflow: { new_and_updated: '1', successfully_retrieved_orders: '' },
    },
  });

  it('keeps every module except the orderworkflow queue flags in sourceCustomFields', () => {
    const m = mapOrder(withFields, SETTINGS);
    expect(m.sourceCustomFields).toEqual({
      auditlog: { last_user: 'admin' },
      customfields: {
        SignifydGuaranteeDisposition: 'APPROVED',
        gift_msg: 'Für dich ❤️',
        loyalty_points: 1200,
      },
    });
    // Modules and fields in a stable (sorted) order whatever order Miva sent them in.
    expect(Object.keys(m.sourceCustomFields)).toEqual(['auditlog', 'customfields']);
  });

  it('leaves out a mapped field Miva sent empty', () => {
    const m = mapOrder(
      order({ CustomField_Values: { customfields: { gift_msg: '', points: 0 } } }),
      settings({
        customFieldMappings: [
          { mivaField: 'gift_msg', omsField: 'giftMessage' },
          { mivaField: 'points', omsField: 'points' },
        ],
      }),
    );
    expect(m.customFields).toEqual({ points: 0 });
    expect(m.sourceCustomFields).toEqual({ customfields: { gift_msg: '', points: 0 } });
  });

  it('puts only mapped fields in customFields, under the OMS names', () => {
    const m = mapOrder(
      withFields,
      settings({
        customFieldMappings: [
          { mivaField: 'customfields:SignifydGuaranteeDisposition', omsField: 'signifyd' },
          { mivaField: 'customfields:loyalty_points', omsField: 'points' },
          { mivaField: 'customfields:not_on_this_order', omsField: 'absent' },
        ],
      }),
    );
    expect(m.customFields).toEqual({ signifyd: 'APPROVED', points: 1200 });
  });

  it('has no custom fields when nothing is mapped', () => {
    expect(mapOrder(withFields, SETTINGS).customFields).toEqual({});
  });

  it('accepts a bare field code (customfields first, then any module)', () => {
    const m = mapOrder(
      withFields,
      settings({
        customFieldMappings: [
          { mivaField: 'SignifydGuaranteeDisposition', omsField: 'signifyd' },
          { mivaField: 'last_user', omsField: 'lastUser' },
        ],
      }),
    );
    expect(m.customFields).toEqual({ signifyd: 'APPROVED', lastUser: 'admin' });
  });

  it('never maps the orderworkflow queue flags, even when asked to', () => {
    const m = mapOrder(
      withFields,
      settings({
        customFieldMappings: [{ mivaField: 'orderworkflow:new_and_updated', omsField: 'q' }],
      }),
    );
    expect(m.customFields).toEqual({});
  });

  it('masks a card number stored in a custom field, as text or as a number', () => {
    const m = mapOrder(
      order({
        CustomField_Values: {
          customfields: { notes: 'pay with 4111111111111111', cc: 4111111111111111 },
        },
      }),
      SETTINGS,
    );
    expect(m.sourceCustomFields.customfields).toEqual({
      cc: '************1111',
      notes: 'pay with ************1111',
    });
  });

  it('treats an empty array (how Miva may render an empty object) as no fields', () => {
    const m = mapOrder(order({ CustomField_Values: [] as never }), SETTINGS);
    expect(m.sourceCustomFields).toEqual({});
  });
});
