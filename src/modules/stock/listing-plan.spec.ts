import {
  assessListing,
  centsToMoney,
  countListings,
  listingChanges,
  mivaPriceCents,
  moneyToCents,
} from './listing-plan';

describe('money', () => {
  it('reads and writes two-decimal strings in integer cents', () => {
    expect(moneyToCents('19.99')).toBe(1999);
    expect(moneyToCents('0.05')).toBe(5);
    expect(centsToMoney(1999)).toBe('19.99');
    expect(centsToMoney(5)).toBe('0.05');
    expect(() => moneyToCents('19.9')).toThrow(RangeError);
  });

  it("rounds Miva's floating prices to the cent", () => {
    expect(mivaPriceCents(19.99)).toBe(1999);
    expect(mivaPriceCents(0.1 + 0.2)).toBe(30);
  });
});

describe('assessListing', () => {
  const product = { price: 18.99, active: true };

  it('writes only a listing whose fields differ from Miva', () => {
    expect(assessListing({ priceCents: 1999, active: null }, [product], 'sku')).toEqual({
      oldPriceCents: 1899,
      oldActive: true,
      result: null,
      message: null,
    });
    expect(assessListing({ priceCents: 1899, active: true }, [product], 'sku').result).toBe(
      'unchanged',
    );
  });

  it('ignores the fields a listing does not set', () => {
    expect(assessListing({ priceCents: null, active: true }, [product], 'sku').result).toBe(
      'unchanged',
    );
  });

  it('reports unknown and ambiguous identifiers without writing', () => {
    expect(assessListing({ priceCents: 100, active: null }, [], 'code')).toMatchObject({
      result: 'unknown',
      message: 'No Miva product has this product code',
    });
    expect(assessListing({ priceCents: 100, active: null }, [product, product], 'sku').result).toBe(
      'failed',
    );
  });
});

describe('listingChanges', () => {
  it('gives old and new for each changed field only', () => {
    expect(
      listingChanges({ priceCents: 1999, active: false, oldPriceCents: 1899, oldActive: true }),
    ).toEqual({ price: ['18.99', '19.99'], active: [true, false] });
    expect(
      listingChanges({ priceCents: 1899, active: null, oldPriceCents: 1899, oldActive: true }),
    ).toEqual({});
    expect(
      listingChanges({ priceCents: 1999, active: true, oldPriceCents: null, oldActive: null }),
    ).toEqual({});
  });
});

describe('countListings', () => {
  it('counts decided listings by result', () => {
    expect(
      countListings([
        { result: 'updated' },
        { result: 'unchanged' },
        { result: 'unchanged' },
        { result: 'unknown' },
        { result: null },
      ]),
    ).toEqual({ listings: 5, updated: 1, unchanged: 2, unknown: 1, failed: 0 });
  });
});
