import { ApiKeyEntity } from '../modules/api-keys/api-key.entity';

/** Every TypeORM entity, listed once for the app and the CLI. */
export const ENTITIES = [ApiKeyEntity];
