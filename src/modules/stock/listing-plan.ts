// The decisions of a listing sync, pure (docs/REST.md, "Listing syncs"): what differs between
// the listing asked for and Miva's product, and the counts. Money in integer cents inside.
import type { ProductIdentifier } from '../../mappers/mapper-settings';
import type { ListingResult } from './listing-sync-item.entity';

const MONEY = /^(\d{1,7})\.(\d{2})$/;

/** "19.99" → 1999 (the DTO has checked the format). */
export function moneyToCents(money: string): number {
  const match = MONEY.exec(money);
  if (match === null) {
    throw new RangeError(`not a money string: ${money}`);
  }
  return Number(match[1]) * 100 + Number(match[2]);
}

export function centsToMoney(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Miva's price (a number) in cents. */
export function mivaPriceCents(price: number): number {
  return Math.round(price * 100);
}

export interface ListingWanted {
  priceCents: number | null;
  active: boolean | null;
}

export interface ListingCurrent {
  oldPriceCents: number;
  oldActive: boolean;
}

export interface ListingAssessment {
  oldPriceCents: number | null;
  oldActive: boolean | null;
  /** Null: Miva differs, the listing is to be written. */
  result: ListingResult | null;
  message: string | null;
}

/** One listing against the Miva products found for its identifier. */
export function assessListing(
  wanted: ListingWanted,
  matches: readonly { price: number; active: boolean }[],
  by: ProductIdentifier,
): ListingAssessment {
  const [product, ...others] = matches;
  if (product === undefined) {
    return {
      oldPriceCents: null,
      oldActive: null,
      result: 'unknown',
      message: `No Miva product has this ${by === 'sku' ? 'SKU' : 'product code'}`,
    };
  }
  const current = { oldPriceCents: mivaPriceCents(product.price), oldActive: product.active };
  if (others.length > 0) {
    return {
      oldPriceCents: null,
      oldActive: null,
      result: 'failed',
      message: `Ambiguous product SKU: ${matches.length} Miva products have it; nothing was changed`,
    };
  }
  const differs = Object.keys(listingChanges({ ...wanted, ...current })).length > 0;
  return { ...current, result: differs ? null : 'unchanged', message: null };
}

export interface ListingChanges {
  price?: [string, string];
  active?: [boolean, boolean];
}

/** The fields the listing sets to another value than Miva had, as [old, new]. */
export function listingChanges(item: {
  priceCents: number | null;
  active: boolean | null;
  oldPriceCents: number | null;
  oldActive: boolean | null;
}): ListingChanges {
  const changes: ListingChanges = {};
  if (item.priceCents !== null && item.oldPriceCents !== null) {
    if (item.priceCents !== item.oldPriceCents) {
      changes.price = [centsToMoney(item.oldPriceCents), centsToMoney(item.priceCents)];
    }
  }
  if (item.active !== null && item.oldActive !== null && item.active !== item.oldActive) {
    changes.active = [item.oldActive, item.active];
  }
  return changes;
}

export interface ListingCounts {
  listings: number;
  updated: number;
  unchanged: number;
  unknown: number;
  failed: number;
}

export function countListings(items: readonly { result: ListingResult | null }[]): ListingCounts {
  const counts: ListingCounts = {
    listings: items.length,
    updated: 0,
    unchanged: 0,
    unknown: 0,
    failed: 0,
  };
  for (const { result } of items) {
    if (result !== null) {
      counts[result] += 1;
    }
  }
  return counts;
}
