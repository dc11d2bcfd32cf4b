import { StoreAlertEntity } from '../modules/alerts/store-alert.entity';
import { ApiKeyEntity } from '../modules/api-keys/api-key.entity';
import { ExceptionEntity } from '../modules/exceptions/exception.entity';
import { InventoryBatchEntity } from '../modules/inventory/inventory-batch.entity';
import { InventoryEventEntity } from '../modules/inventory/inventory-event.entity';
import { InventoryRelayStateEntity } from '../modules/inventory/inventory-relay-state.entity';
import { MivaOrderEntity } from '../modules/orders/miva-order.entity';
import { OrderEntity } from '../modules/orders/order.entity';
import { OrderChangeEntity } from '../modules/order-changes/order-change.entity';
import { SyncRunEntity } from '../modules/orders/sync-run.entity';
import { ShipmentEntity } from '../modules/shipments/shipment.entity';
import { BridgeSettingEntity } from '../modules/stores/bridge-setting.entity';
import { StoreEntity } from '../modules/stores/store.entity';
import { ListingSyncItemEntity } from '../modules/stock/listing-sync-item.entity';
import { ListingSyncEntity } from '../modules/stock/listing-sync.entity';
import { TrueUpItemEntity } from '../modules/stock/true-up-item.entity';
import { TrueUpEntity } from '../modules/stock/true-up.entity';

/** Every TypeORM entity, listed once for the app and the CLI. */
export const ENTITIES = [
  ApiKeyEntity,
  StoreEntity,
  MivaOrderEntity,
  OrderEntity,
  SyncRunEntity,
  ShipmentEntity,
  InventoryEventEntity,
  InventoryBatchEntity,
  InventoryRelayStateEntity,
  BridgeSettingEntity,
  ExceptionEntity,
  OrderChangeEntity,
  TrueUpEntity,
  TrueUpItemEntity,
  ListingSyncEntity,
  ListingSyncItemEntity,
  StoreAlertEntity,
];
