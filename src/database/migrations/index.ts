import { Foundation1795344054693 } from './1795344054693-Foundation';
import { StoresAndOrders1795344343232 } from './1795344343232-StoresAndOrders';
import { RelayOutbox1795344766496 } from './1795344766496-RelayOutbox';
import { SyncRunsFailedCount1795344895023 } from './1795344895023-SyncRunsFailedCount';
import { Lz4OrderPayloads1795347444474 } from './1795347444474-Lz4OrderPayloads';
import { RelayDepthIndexes1795348014630 } from './1795348014630-RelayDepthIndexes';
import { UnacknowledgedFeedIndex1795349966409 } from './1795349966409-UnacknowledgedFeedIndex';
import { RawOrdersAsJson1795350143443 } from './1795350143443-RawOrdersAsJson';
import { SecretKeyCheck1796403715659 } from './1796403715659-SecretKeyCheck';
import { ScrubStoredCardData1796403737403 } from './1796403737403-ScrubStoredCardData';
import { Exceptions1796409175834 } from './1796409175834-Exceptions';
import { OrderChanges1796454649486 } from './1796454649486-OrderChanges';
import { RemapRuns1796454781205 } from './1796454781205-RemapRuns';
import { StockTrueUpsAndListings1796455077243 } from './1796455077243-StockTrueUpsAndListings';
import { Reconcile1796455112268 } from './1796455112268-Reconcile';
import { StoreHealthAndAlerts1796455408819 } from './1796455408819-StoreHealthAndAlerts';

/** Every migration, in order, listed once for the app and the CLI. Generated files are never edited. */
export const MIGRATIONS = [
  Foundation1795344054693,
  StoresAndOrders1795344343232,
  RelayOutbox1795344766496,
  SyncRunsFailedCount1795344895023,
  Lz4OrderPayloads1795347444474,
  RelayDepthIndexes1795348014630,
  UnacknowledgedFeedIndex1795349966409,
  RawOrdersAsJson1795350143443,
  SecretKeyCheck1796403715659,
  ScrubStoredCardData1796403737403,
  Exceptions1796409175834,
  OrderChanges1796454649486,
  RemapRuns1796454781205,
  StockTrueUpsAndListings1796455077243,
  Reconcile1796455112268,
  StoreHealthAndAlerts1796455408819,
];
