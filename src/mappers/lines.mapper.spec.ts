import { must } from '../common/must';
import type { MivaItemPart } from '../miva-model/miva.models';
import { item, option, order, part, SETTINGS, settings } from './__fixtures__/miva-order.fixture';
import { mapOrder } from './order.mapper';

describe('product lines', () => {
  it('prices a line with options: unit = price + Σ option price, original = base prices', () => {
    // An engraving option (+5.00, discounted to 4.00) on a shirt discounted from 25.00 to 20.00.
    const m = mapOrder(
      order({
        items: [
          item({
            line_id: 301,
            quantity: 3,
            price: 20,
            base_price: 25,
            options: [
              option({ attr_code: 'size', attribute: 'size', value: 'L', price: 0, base_price: 0 }),
              option({
                attr_code: 'engraving',
                attribute: 'engraving',
                opt_code: '',
                value: 'Für Elise',
                price: 4,
                base_price: 5,
              }),
            ],
          }),
        ],
      }),
      SETTINGS,
    );
    expect(m.lines[0]).toMatchObject({
      quantity: 3,
      unitPrice: '24.00',
      originalUnitPrice: '30.00',
      lineTotal: '72.00',
      options: [
        { attribute: 'size', value: 'L', price: '0.00' },
        { attribute: 'engraving', value: 'Für Elise', price: '4.00' },
      ],
    });
  });

  it("keeps Miva's item total as the line total, even when it disagrees with price × quantity", () => {
    const m = mapOrder(
      order({ items: [item({ line_id: 301, price: 3.33, quantity: 3, total: 10 })] }),
      SETTINGS,
    );
    expect(m.lines[0]).toMatchObject({ unitPrice: '3.33', lineTotal: '10.00' });
  });

  it('fills identifier from the SKU or the product code, per store', () => {
    const o = order({ items: [item({ line_id: 301, sku: 'TS-RED-M', code: 'TSHIRT' })] });
    expect(mapOrder(o, settings({ productIdentifier: 'sku' })).lines[0]?.identifier).toBe(
      'TS-RED-M',
    );
    expect(mapOrder(o, settings({ productIdentifier: 'code' })).lines[0]?.identifier).toBe(
      'TSHIRT',
    );
  });

  it('falls back to the other identifier when the chosen one is empty', () => {
    const o = order({
      items: [
        item({ line_id: 301, sku: '', code: 'MUG' }),
        item({ line_id: 302, sku: 'PEN-BLK', code: '' }),
      ],
    });
    const bySku = mapOrder(o, settings({ productIdentifier: 'sku' })).lines;
    const byCode = mapOrder(o, settings({ productIdentifier: 'code' })).lines;
    expect(bySku.map((l) => [l.identifier, l.sku, l.productCode])).toEqual([
      ['MUG', null, 'MUG'],
      ['PEN-BLK', 'PEN-BLK', null],
    ]);
    expect(byCode.map((l) => l.identifier)).toEqual(['MUG', 'PEN-BLK']);
  });

  it('names every item status and keeps the code', () => {
    const codes = [0, 100, 200, 210, 221, 300, 400, 500, 600, 999];
    const m = mapOrder(
      order({ items: codes.map((status, i) => item({ line_id: 301 + i, status })) }),
      SETTINGS,
    );
    expect(m.lines.map((l) => [l.status, l.sourceStatus])).toEqual([
      ['pending', 0],
      ['picking', 100],
      ['shipped', 200],
      ['shipped', 210],
      ['shipped', 221],
      ['cancelled', 300],
      ['backordered', 400],
      ['rma_issued', 500],
      ['returned', 600],
      ['other', 999],
    ]);
  });
});

describe('kits', () => {
  // A starter kit (line 310, quantity 2) made of one mug and two pens per kit.
  const kitOrder = order({
    items: [
      item({
        line_id: 310,
        code: 'KIT-STARTER',
        sku: 'KIT-ST',
        name: 'Starter Kit',
        price: 30,
        quantity: 2,
        status: 100,
        parts: [
          part({ code: 'MUG', sku: 'MUG-WHT', name: 'Mug', quantity: 1, total_quantity: 2 }),
          part({ code: 'PEN', sku: '', name: 'Pen', quantity: 2, total_quantity: 4 }),
        ],
      }),
    ],
  });

  it('kitMode sku: the kit line alone, for OMS-side kit builders', () => {
    const m = mapOrder(kitOrder, settings({ kitMode: 'sku' }));
    expect(m.lines.map((l) => [l.lineId, l.kind, l.identifier, l.lineTotal])).toEqual([
      ['L310', 'product', 'KIT-ST', '60.00'],
    ]);
    expect(m.totals.items).toBe('60.00');
  });

  it('kitMode parts: the kit line at its price plus one zero-priced line per part', () => {
    const m = mapOrder(kitOrder, settings({ kitMode: 'parts' }));
    expect(m.lines).toEqual([
      expect.objectContaining({ lineId: 'L310', kind: 'product', lineTotal: '60.00' }),
      {
        lineId: 'L310-P1',
        kind: 'kit_component',
        sourceLineId: 310,
        parentLineId: 'L310',
        status: 'picking',
        sourceStatus: 100,
        couponCode: null,
        identifier: 'MUG-WHT',
        sku: 'MUG-WHT',
        productCode: 'MUG',
        name: 'Mug',
        quantity: 2,
        unitPrice: '0.00',
        originalUnitPrice: '0.00',
        lineTotal: '0.00',
        options: [],
      },
      expect.objectContaining({
        lineId: 'L310-P2',
        parentLineId: 'L310',
        identifier: 'PEN', // no SKU: falls back to the code
        quantity: 4,
        lineTotal: '0.00',
      }),
    ]);
    // The components add nothing: the kit's price lives on the kit line.
    expect(m.totals.items).toBe('60.00');
    expect(m.exceptions).toEqual([]);
  });

  it('kitMode parts with productIdentifier code identifies parts by code', () => {
    const m = mapOrder(kitOrder, settings({ kitMode: 'parts', productIdentifier: 'code' }));
    expect(m.lines.map((l) => l.identifier)).toEqual(['KIT-STARTER', 'MUG', 'PEN']);
  });

  it('derives a part quantity when total_quantity is missing', () => {
    const o = structuredClone(kitOrder);
    const parts = o.items[0]?.parts ?? [];
    delete (parts[1] as Partial<MivaItemPart>).total_quantity;
    expect(mapOrder(o, settings({ kitMode: 'parts' })).lines[2]?.quantity).toBe(4);
  });
});

describe('cancelled lines', () => {
  it('stay in lines but count in no total', () => {
    const m = mapOrder(
      order({
        items: [
          item({ line_id: 301, price: 25, quantity: 1 }),
          item({ line_id: 302, sku: 'PEN', price: 2, quantity: 3, status: 300 }),
        ],
      }),
      SETTINGS,
    );
    expect(m.lines.map((l) => [l.lineId, l.status, l.lineTotal])).toEqual([
      ['L301', 'pending', '25.00'],
      ['L302', 'cancelled', '6.00'],
    ]);
    expect(m.totals).toMatchObject({ items: '25.00', total: '25.00' });
    expect(m.exceptions).toEqual([]);
  });
});

describe('a 150-line order', () => {
  const items = Array.from({ length: 150 }, (_, i) =>
    item({ line_id: 1000 + i, sku: `SKU-${i}`, price: 1.1 + i / 100, quantity: 1 + (i % 4) }),
  );
  const big = order({ items });

  it('maps every line with a stable id and adds up to the cent', () => {
    const m = mapOrder(big, settings({ kitMode: 'parts' }));
    expect(m.lines).toHaveLength(150);
    expect(m.lines[0]?.lineId).toBe('L1000');
    expect(m.lines[149]?.lineId).toBe('L1149');
    expect(new Set(m.lines.map((l) => l.lineId)).size).toBe(150);
    expect(m.totals.total).toBe(m.totals.items);
    expect(m.exceptions).toEqual([]);
  });

  it('keeps the same line ids when the order is mapped again after a change', () => {
    const first = mapOrder(big, SETTINGS).lines.map((l) => l.lineId);
    const changed = structuredClone(big);
    must(changed.items[10], 'item 10').status = 200;
    const second = mapOrder(changed, SETTINGS).lines.map((l) => l.lineId);
    expect(second).toEqual(first);
  });
});
