import { ApiKeyEntity } from '../modules/api-keys/api-key.entity';
import { MivaOrderEntity } from '../modules/orders/miva-order.entity';
import { OrderEntity } from '../modules/orders/order.entity';
import { SyncRunEntity } from '../modules/orders/sync-run.entity';
import { StoreEntity } from '../modules/stores/store.entity';

/** Every TypeORM entity, listed once for the app and the CLI. */
export const ENTITIES = [ApiKeyEntity, StoreEntity, MivaOrderEntity, OrderEntity, SyncRunEntity];
