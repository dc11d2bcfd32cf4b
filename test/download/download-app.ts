import { DownloadTuning } from '../../src/modules/orders/download/download-options';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * startTestApp for the download tests: the real app on a fresh database, with the periodic
 * scheduler off unless a test asks for it (`SYNC_SCHEDULER: 'on'`), so downloads happen when a
 * test triggers them. `download`: the engine's tuning (e.g. smaller pages), fixed for the app.
 */
export function startDownloadApp(
  env: Record<string, string> = {},
  download: DownloadTuning = {},
): Promise<TestApp> {
  return startTestApp({ SYNC_SCHEDULER: 'off', ...env }, { download });
}
