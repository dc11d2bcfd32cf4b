import { DomainError } from '../../common/errors/domain-error';
import {
  cleanCustomFieldMappings,
  customFieldMappingProblems,
  paymentMappingProblems,
  rejectProblems,
} from './mapping-validation';

describe('mapping validation', () => {
  it('names each repeated Miva field and OMS name by its place in the body', () => {
    expect(
      customFieldMappingProblems([
        { mivaField: 'customfields:a', omsField: 'a' },
        { mivaField: 'customfields:a', omsField: 'b' },
        { mivaField: 'customfields:c', omsField: 'b' },
      ]),
    ).toEqual([
      { field: '[1].mivaField', message: 'mivaField "customfields:a" is mapped twice' },
      { field: '[2].omsField', message: 'omsField "b" is mapped twice' },
    ]);
  });

  it('compares payment modules case-insensitively, as the payment mapping matches them', () => {
    expect(
      paymentMappingProblems(
        [
          { mivaModule: 'acme', gateway: 'bolt' },
          { mivaModule: 'ACME', gateway: 'square' },
        ],
        (i) => `payments.${i}`,
      ),
    ).toEqual([{ field: 'payments.1.mivaModule', message: 'mivaModule "acme" is mapped twice' }]);
  });

  it('finds nothing in distinct mappings, and rejects only when there is a problem', () => {
    const mappings = [
      { mivaField: 'customfields:a', omsField: 'a' },
      { mivaField: 'customfields:b', omsField: 'b' },
    ];
    expect(customFieldMappingProblems(mappings)).toEqual([]);
    expect(() => rejectProblems([])).not.toThrow();
    expect(() => rejectProblems([{ field: 'x', message: 'bad' }])).toThrow(DomainError);
  });

  it('keeps exactly the two fields of a mapping', () => {
    const extra = { mivaField: 'customfields:a', omsField: 'a', note: 'x' };
    expect(cleanCustomFieldMappings([extra])).toEqual([
      { mivaField: 'customfields:a', omsField: 'a' },
    ]);
  });
});
