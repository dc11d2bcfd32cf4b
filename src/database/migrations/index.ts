import { Foundation1795344054693 } from './1795344054693-Foundation';

/** Every migration, in order, listed once for the app and the CLI. Generated files are never edited. */
export const MIGRATIONS = [Foundation1795344054693];
