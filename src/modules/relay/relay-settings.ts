/** Values that replace the defaults, given when the app is created (AppModule.forRoot). */
export type RelayTuning = Partial<RelaySettings>;

/**
 * Tuning of the relay workers. Defaults suit production; tests and benchmarks pass their own
 * values when they create the app. Read-only once created.
 */
export class RelaySettings {
  /** Whether the workers run at all in this process. */
  readonly enabled: boolean = true;
  /** Fallback poll interval (work of other instances, due retries, restarts). */
  readonly pollMs: number = 500;
  /** While idle the poll slows down to this (each instance wakes itself for its own work). */
  readonly idlePollMaxMs: number = 5_000;
  /** How long a claimed job belongs to this instance; renewed at every recorded step. */
  readonly leaseMs: number = 60_000;
  /** First retry delay after a transient fault; doubles per failure, with jitter. */
  readonly retryBaseMs: number = 1_000;
  readonly retryMaxMs: number = 300_000;
  /** Backoff ceiling while the store refuses our credentials. */
  readonly blockedMaxMs: number = 600_000;
  /** Per HTTP attempt to Miva (kept well under leaseMs). */
  readonly mivaTimeoutMs: number = 20_000;
  /**
   * At shutdown, how long a Miva call in flight may still take before it is cut (its job is then
   * handed back, and the next start reads Miva before anything else): within the 10 s a stop may
   * take, with room for the writes after it.
   */
  readonly shutdownGraceMs: number = 6_000;
  /** Shipments handled at once (one per order at a time). */
  readonly shipmentConcurrency: number = 4;
  /** Cancellations and backorders handled at once (one per order at a time). */
  readonly orderChangeConcurrency: number = 4;
  /** Stores whose inventory is sent at once (one batch per store at a time). */
  readonly inventoryConcurrency: number = 4;
  /** Events and distinct products in one ProductList_Adjust_Inventory call. */
  readonly inventoryMaxEvents: number = 5_000;
  readonly inventoryMaxProducts: number = 500;
  /** After a wake-up, wait this long so deltas arriving together share one call. */
  readonly inventoryLingerMs: number = 20;
  /** Product custom field (module `customfields`) that records the last batch applied. */
  readonly inventoryMarkerField: string = 'oms_bridge_batch';
  /** Delivered inventory batches are deleted after this many days (their events stay). */
  readonly batchRetentionDays: number = 7;
  /** How long a store whose marker field Miva refused is sent without one before retrying it. */
  readonly markerRecheckMs: number = 3_600_000;

  constructor(tuning: RelayTuning = {}) {
    Object.assign(this, tuning);
    Object.freeze(this);
  }
}
