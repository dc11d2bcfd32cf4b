import { Injectable } from '@nestjs/common';

/**
 * Tuning of the relay workers. Defaults suit production; tests and benchmarks may change the
 * fields at runtime (they are read on every use).
 */
@Injectable()
export class RelaySettings {
  /** Whether the workers run at all in this process. */
  enabled = true;
  /** Fallback poll interval (work of other instances, due retries, restarts). */
  pollMs = 500;
  /** While idle the poll slows down to this (each instance wakes itself for its own work). */
  idlePollMaxMs = 5_000;
  /** How long a claimed job belongs to this instance; renewed at every recorded step. */
  leaseMs = 60_000;
  /** First retry delay after a transient fault; doubles per failure, with jitter. */
  retryBaseMs = 1_000;
  retryMaxMs = 300_000;
  /** Backoff ceiling while the store refuses our credentials. */
  blockedMaxMs = 600_000;
  /** Per HTTP attempt to Miva (kept well under leaseMs). */
  mivaTimeoutMs = 20_000;
  /**
   * At shutdown, how long a Miva call in flight may still take before it is cut (its job is then
   * handed back, and the next start reads Miva before anything else): within the 10 s a stop may
   * take, with room for the writes after it.
   */
  shutdownGraceMs = 6_000;
  /** Shipments handled at once (one per order at a time). */
  shipmentConcurrency = 4;
  /** Stores whose inventory is sent at once (one batch per store at a time). */
  inventoryConcurrency = 4;
  /** Events and distinct products in one ProductList_Adjust_Inventory call. */
  inventoryMaxEvents = 5_000;
  inventoryMaxProducts = 500;
  /** After a wake-up, wait this long so deltas arriving together share one call. */
  inventoryLingerMs = 20;
  /** Product custom field (module `customfields`) that records the last batch applied. */
  inventoryMarkerField = 'oms_bridge_batch';
  /** Delivered inventory batches are deleted after this many days (their events stay). */
  batchRetentionDays = 7;
  /** How long a store whose marker field Miva refused is sent without one before retrying it. */
  markerRecheckMs = 3_600_000;
}
