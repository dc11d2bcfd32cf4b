import type { MivaOrder } from '../../../miva-model/miva.models';
import { orderFingerprint } from './order-acknowledger';

describe('orderFingerprint (what the acknowledgement verification compares)', () => {
  const base = {
    id: 200001,
    status: 100,
    total: 47.49,
    ship_fname: 'Jo',
    bill_city: 'Boston',
    dt_updated: 1718000000,
    note_count: 0,
    CustomField_Values: {
      customfields: { SignifydGuaranteeDisposition: 'APPROVED' },
      orderworkflow: { new_and_updated: '1' },
    },
  } as unknown as MivaOrder;

  it('ignores what the store’s own workflows change on a read or an acknowledgement', () => {
    const touched = {
      ...base,
      dt_updated: 1718009999,
      note_count: 1,
      CustomField_Values: { ...base.CustomField_Values, orderworkflow: { new_and_updated: '' } },
      items: [{ line_id: 1 }],
    } as unknown as MivaOrder;
    expect(orderFingerprint(touched)).toBe(orderFingerprint(base));
  });

  it.each([
    ['the status', { status: 200 }],
    ['the total', { total: 50 }],
    ['the ship-to name', { ship_fname: 'Joanna' }],
    ['the bill-to city', { bill_city: 'Salem' }],
    [
      'a store custom field',
      { CustomField_Values: { customfields: { SignifydGuaranteeDisposition: 'DECLINED' } } },
    ],
  ])('changes with %s', (_what, change) => {
    expect(orderFingerprint({ ...base, ...change })).not.toBe(orderFingerprint(base));
  });
});
