import { DataSource } from 'typeorm';

// An arbitrary constant: every instance of the bridge takes the same lock while migrating.
const MIGRATION_LOCK_KEY = 727_001;

/** Runs pending migrations under a session advisory lock, so several instances can start at once. */
export async function migrateWithLock(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
