import type { StoreEntity } from './store.entity';

type StoreState = Pick<StoreEntity, 'enabled' | 'status'>;

/**
 * Whether Miva may be called for the store's work: enabled, and its credentials not refused.
 * The work of any other store waits as pending (the relay's claims apply the same condition in
 * SQL) and goes to Miva once this holds again.
 */
export function isStoreActive(store: StoreState): boolean {
  return store.enabled && store.status === 'active';
}

/** A change that lets the store's held work go: it was not active, now it is. */
export function becameActive(before: StoreState, after: StoreState): boolean {
  return !isStoreActive(before) && isStoreActive(after);
}
