import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import type { SyncRun } from '../api/types';
import { asApiError } from '../lib/use-api';
import { Badge, ErrorMessage, Time } from './basics';

const POLL_MS = 500;

/**
 * The live progress of one run (a download, reconcile or remap), read from the store's sync runs
 * until it has finished; `onDone` is told once with the finished run.
 */
export function RunProgress({
  storeId,
  runId,
  title,
  onDone,
}: {
  storeId: string;
  runId: string;
  title: string;
  onDone?(run: SyncRun): void;
}) {
  const [run, setRun] = useState<SyncRun | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const runs = await api<SyncRun[]>('GET', `/stores/${storeId}/sync-runs?limit=50`);
        if (stopped) {
          return;
        }
        const found = runs.find((r) => r.id === runId);
        setRun(found);
        setError(undefined);
        if (found && found.status !== 'running') {
          onDone?.(found);
          return;
        }
      } catch (e) {
        setError(asApiError(e));
      }
      if (!stopped) {
        timer = window.setTimeout(() => void poll(), POLL_MS);
      }
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
    // onDone is called once per run; a new callback identity must not restart the polling.
  }, [storeId, runId]);
  const running = !run || run.status === 'running';
  return (
    <div
      class="run-progress"
      aria-live="polite"
      data-run-id={runId}
      data-status={run?.status ?? 'starting'}
    >
      <p>
        <strong>{title}</strong>{' '}
        {run ? <Badge value={run.status} /> : <span class="muted">starting…</span>}{' '}
        {run ? (
          <span class="muted">
            started <Time iso={run.startedAt} />
            {run.finishedAt ? (
              <>
                , finished <Time iso={run.finishedAt} />
              </>
            ) : null}
          </span>
        ) : null}
      </p>
      {running ? <progress aria-label={`${title} in progress`} /> : null}
      {run ? (
        <p class="counts">
          <span>
            <b>{run.ordersSeen}</b> seen
          </span>
          <span>
            <b>{run.ordersCreated}</b> new
          </span>
          <span>
            <b>{run.ordersUpdated}</b> changed
          </span>
          <span>
            <b>{run.ordersAcknowledged}</b> acknowledged
          </span>
          {run.ordersFailed ? (
            <span>
              <b>{run.ordersFailed}</b> unmappable
            </span>
          ) : null}
        </p>
      ) : null}
      {run?.error ? <p class="error-text">Error: {run.error}</p> : null}
      <ErrorMessage error={error} action="Reading the run" />
    </div>
  );
}
