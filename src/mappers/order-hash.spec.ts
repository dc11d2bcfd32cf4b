import { first } from '../common/must';
import { item, note, order, SETTINGS } from './__fixtures__/miva-order.fixture';
import { canonicalJson, canonicalMappedOrderJson, mappedOrderHash } from './order-hash';
import { mapOrder } from './order.mapper';

describe('mappedOrderHash', () => {
  const base = order({
    items: [item({ line_id: 301 })],
    CustomField_Values: {
      customfields: { gift_msg: 'Hi' },
      orderworkflow: { new_and_updated: '1', successfully_retrieved_orders: '' },
    },
  });
  const hash = mappedOrderHash(mapOrder(base, SETTINGS));

  it('is a sha256 hex digest', () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores a re-download that only moved dt_updated and the queue flags', () => {
    const acknowledged = structuredClone(base);
    acknowledged.dt_updated = (base.dt_updated ?? 0) + 3600;
    acknowledged.CustomField_Values = {
      orderworkflow: { new_and_updated: '', successfully_retrieved_orders: '1' },
      customfields: { gift_msg: 'Hi' },
    };
    expect(mappedOrderHash(mapOrder(acknowledged, SETTINGS))).toBe(hash);
  });

  it('changes when the content changes', () => {
    const shipped = structuredClone(base);
    first(shipped.items).status = 200;
    expect(mappedOrderHash(mapOrder(shipped, SETTINGS))).not.toBe(hash);

    const noted = structuredClone(base);
    noted.notes = [note({ id: 1, notetext: 'Call first' })];
    expect(mappedOrderHash(mapOrder(noted, SETTINGS))).not.toBe(hash);
  });

  it('does not depend on key order (e.g. after a jsonb round trip)', () => {
    const mapped = mapOrder(base, SETTINGS);
    const reordered = JSON.parse(
      JSON.stringify(mapped, (_k, v: unknown) =>
        v !== null && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).reverse())
          : v,
      ),
    );
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(mapped)[0]);
    expect(mappedOrderHash(reordered)).toBe(hash);
  });

  it('gives a stored OmsOrder the hash of the MappedOrder it holds', () => {
    const stored = {
      ...mapOrder(base, SETTINGS),
      id: '9b2f…',
      storeId: 's1',
      revision: 3,
      acknowledged: true,
      changedAt: '2026-11-20T00:00:00.000Z',
    };
    expect(mappedOrderHash(stored)).toBe(hash);
  });

  it('tells apart content that only moved between fields', () => {
    const swapped = structuredClone(base);
    [swapped.ship_fname, swapped.ship_lname] = [base.ship_lname, base.ship_fname];
    expect(mappedOrderHash(mapOrder(swapped, SETTINGS))).not.toBe(hash);

    const fieldRenamed = structuredClone(base);
    fieldRenamed.CustomField_Values = { customfields: { gift_message: 'Hi' } };
    expect(mappedOrderHash(mapOrder(fieldRenamed, SETTINGS))).not.toBe(hash);
  });

  it('is computed over a positional canonical JSON (values in sorted-key order)', () => {
    const json = canonicalMappedOrderJson(mapOrder(base, SETTINGS));
    expect(() => JSON.parse(json) as unknown).not.toThrow();
    // billTo is the first member in sorted order; its first value is address1.
    expect(json.startsWith('[["1 Harbor Dr",')).toBe(true);
    expect(json).toContain('{"customfields":{"gift_msg":"Hi"}}');
    expect(json).not.toContain('orderworkflow');
  });

  it('writes canonical JSON with sorted keys and JSON semantics for undefined', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'x' }] })).toBe(
      '{"a":[null,{"c":"x"}],"b":1}',
    );
  });
});
