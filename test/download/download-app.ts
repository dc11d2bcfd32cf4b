import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * startTestApp for the download tests: the real app on a fresh database, with the periodic
 * scheduler off unless a test asks for it (`SYNC_SCHEDULER: 'on'`), so downloads happen when a
 * test triggers them. (It once served embedded PGlite through its own wire server; the app's
 * embedded server now keeps concurrent connections apart itself.)
 */
export function startDownloadApp(env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ SYNC_SCHEDULER: 'off', ...env });
}

/** A fresh database that outlives app processes (the crash test restarts the service on it). */
export function createDownloadDatabase(): Promise<TestDatabase> {
  return createTestDatabase();
}
