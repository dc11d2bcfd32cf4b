import { MivaListQuery } from '../../miva/miva-list-query';
import type { MivaApi } from '../../miva/miva-api';
import { ORDER_DOWNLOAD_COLUMNS, type MivaOrder } from '../../../miva-model/miva.models';
import type { DownloadCursor, StoreEntity } from '../../stores/store.entity';
import type { IngestResult } from '../order-ingest.service';

/** What a strategy gets for one run of one store. */
export interface DownloadContext {
  /** The store as it was when the run started. */
  readonly store: StoreEntity;
  readonly api: MivaApi;
  /** Decrypts payment data; undefined when the store has none. */
  readonly passphrase: string | undefined;
  /** Orders per Miva request. */
  readonly pageSize: number;
  /** Pages that may be committing while the next one is read (see KeysetWalk.commits). */
  readonly commitsInFlight: number;
  readonly signal: AbortSignal;
  /** Maps and commits one page in one transaction; `committedIds` may then be acknowledged. */
  commit(orders: MivaOrder[]): Promise<IngestResult>;
  /** Counts orders Miva confirmed as acknowledged. */
  acknowledged(count: number): void;
  /** Moves the strategy cursor. Call only once the orders it covers are committed. */
  saveCursor(cursor: DownloadCursor): Promise<void>;
  /** Unix seconds on Miva's clock (ours, corrected by the Date header of its last answer). */
  mivaNow(): number;
}

export type DownloadStrategyRun = (ctx: DownloadContext) => Promise<void>;

/** A failure of the download itself (not of Miva or the database): the run fails with it. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
}

/** Every order query asks for the columns the mapper needs, in id order. */
export function orderQuery(): MivaListQuery {
  return MivaListQuery.create()
    .columns(...ORDER_DOWNLOAD_COLUMNS)
    .sort('id');
}

/** `startFrom` (ISO) as unix seconds; 0 (everything) when unset. */
export function startFromSeconds(startFrom: string | null): number {
  if (startFrom === null) {
    return 0;
  }
  const ms = Date.parse(startFrom);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}
