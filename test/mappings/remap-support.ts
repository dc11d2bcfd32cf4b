import request from 'supertest';
import type { SyncRun } from '../download/download-support';
import { eventually } from '../support/eventually';
import { ADMIN_KEY, bearer, TestApp } from '../support/test-app';

/** `POST /stores/:id/remap`: the run started, or the one already running. */
export async function startRemap(t: TestApp, storeId: string, key = ADMIN_KEY): Promise<string> {
  const res = await request(t.server)
    .post(`/api/v1/stores/${storeId}/remap`)
    .set(bearer(key))
    .expect(202);
  return (res.body as { runId: string }).runId;
}

/** The store's sync runs (downloads and remaps), newest first. */
export async function syncRuns(t: TestApp, storeId: string): Promise<SyncRun[]> {
  const res = await request(t.server)
    .get(`/api/v1/stores/${storeId}/sync-runs?limit=100`)
    .set(bearer(ADMIN_KEY))
    .expect(200);
  return res.body as SyncRun[];
}

/** Waits until the run is no longer running, as the sync-runs list shows it. */
export function finishedRun(t: TestApp, storeId: string, runId: string): Promise<SyncRun> {
  return eventually(
    async () => (await syncRuns(t, storeId)).find((r) => r.id === runId && r.status !== 'running'),
    60_000,
    `remap run ${runId} to finish`,
  );
}

/** Starts a remap and waits for it to finish. */
export async function remapNow(t: TestApp, storeId: string): Promise<SyncRun> {
  return finishedRun(t, storeId, await startRemap(t, storeId));
}
