import { Foundation1795344054693 } from './1795344054693-Foundation';
import { StoresAndOrders1795344343232 } from './1795344343232-StoresAndOrders';

/** Every migration, in order, listed once for the app and the CLI. Generated files are never edited. */
export const MIGRATIONS = [Foundation1795344054693, StoresAndOrders1795344343232];
