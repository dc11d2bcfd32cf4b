import { coalesce, PendingEvent, rejectedElements } from './inventory-batch';

const ev = (seq: number, identifier: string, delta: number): PendingEvent => ({
  seq: String(seq),
  identifier,
  delta,
});

describe('coalesce', () => {
  it('sums deltas per product in first-seen order and drops products that cancel out', () => {
    const events = [ev(1, 'A', -1), ev(2, 'B', 50), ev(3, 'A', -2), ev(4, 'C', 3), ev(5, 'C', -3)];
    expect(coalesce(events, 10)).toEqual({
      taken: events,
      left: [],
      adjustments: [
        { identifier: 'A', delta: -3 },
        { identifier: 'B', delta: 50 },
      ],
    });
  });

  it('stops at the first event of a product beyond the limit, keeping per-product order', () => {
    const events = [ev(1, 'A', 1), ev(2, 'B', 1), ev(3, 'C', 1), ev(4, 'A', 1)];
    const { taken, left, adjustments } = coalesce(events, 2);
    expect(taken.map((e) => e.seq)).toEqual(['1', '2']);
    // C is the third product: it waits, and so does A's later event (it comes after C's).
    expect(left.map((e) => e.seq)).toEqual(['3', '4']);
    expect(adjustments).toEqual([
      { identifier: 'A', delta: 1 },
      { identifier: 'B', delta: 1 },
    ]);
  });
});

describe('rejectedElements', () => {
  it("maps Miva's 1-based element names onto the adjustments sent", () => {
    expect(
      rejectedElements(
        [
          { field: 'Inventory_Adjustments[3]:product_sku', message: 'Product not found' },
          { field: 'Inventory_Adjustments[1]:product_sku', message: 'Ambiguous product SKU' },
          { field: 'Inventory_Adjustments[3]:adjustment', message: 'Invalid value' },
          { field: 'Store_Code', message: 'Missing' },
        ],
        3,
      ),
    ).toEqual([
      { index: 0, message: 'Ambiguous product SKU (Inventory_Adjustments[1]:product_sku)' },
      { index: 2, message: 'Product not found (Inventory_Adjustments[3]:product_sku)' },
    ]);
  });

  it('reads a 0-based server and ignores indexes outside the call', () => {
    expect(
      rejectedElements(
        [
          { field: 'Inventory_Adjustments[0]:product_code', message: 'Product not found' },
          { field: 'Inventory_Adjustments[7]:product_code', message: 'Product not found' },
        ],
        2,
      ).map((e) => e.index),
    ).toEqual([0]);
  });
});
