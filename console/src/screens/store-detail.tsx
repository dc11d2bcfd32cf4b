import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Store, StoreHealth, SyncRun } from '../api/types';
import { Badge, Empty, ErrorMessage, Loading, Section, Time } from '../components/basics';
import { useConfirm } from '../components/confirm';
import { CopyField } from '../components/copy';
import { Field } from '../components/field';
import { RunProgress } from '../components/run-progress';
import { isoToLocalInput, localInputToIso } from '../lib/time';
import { useAction, useApi } from '../lib/use-api';

/** One store: its health, sync now, reconcile, run history, and the actions on the store. */
export function StoreDetailScreen({ storeId }: { storeId: string }) {
  const store = useApi<Store>(`/stores/${storeId}`);
  const health = useApi<StoreHealth>(`/stores/${storeId}/health`);
  const runs = useApi<SyncRun[]>(`/stores/${storeId}/sync-runs?limit=20`);
  const [syncRunId, setSyncRunId] = useState<string | undefined>(undefined);
  const [webhookUrl, setWebhookUrl] = useState<string | undefined>(undefined);
  const [dialog, confirm] = useConfirm();
  const action = useAction();

  const refresh = () => {
    store.reload();
    health.reload();
    runs.reload();
  };

  if (!store.data) {
    return (
      <>
        <h1>Store</h1>
        {store.loading ? <Loading what="Loading the store" /> : null}
        <ErrorMessage error={store.error} action="The store could not be read" />
      </>
    );
  }
  const s = store.data;

  const syncNow = async () => {
    const started = await action.run(() =>
      api<{ runId: string }>('POST', `/stores/${storeId}/sync`),
    );
    if (started) {
      setSyncRunId(started.runId);
      runs.reload();
    }
  };
  const toggleEnabled = async () => {
    if (
      s.enabled &&
      !(await confirm(
        'Disable this store?',
        `${s.name} stops downloading orders, and shipments and stock changes wait until it is enabled again.`,
        'Disable',
      ))
    ) {
      return;
    }
    if (
      await action.run(() => api<Store>('PATCH', `/stores/${storeId}`, { enabled: !s.enabled }))
    ) {
      refresh();
    }
  };
  const rotate = async () => {
    if (
      !(await confirm(
        'Rotate the webhook token?',
        'The current webhook URL stops working at once; Miva must be given the new one.',
        'Rotate',
      ))
    ) {
      return;
    }
    const rotated = await action.run(() =>
      api<{ webhookUrl: string }>('POST', `/stores/${storeId}/webhook-token`),
    );
    if (rotated) {
      setWebhookUrl(`${location.origin}${rotated.webhookUrl}`);
    }
  };
  const remove = async () => {
    if (
      !(await confirm(
        `Delete ${s.name}?`,
        'The store, its downloaded orders and its sync history are removed from the bridge. Miva is not changed.',
        'Delete store',
      ))
    ) {
      return;
    }
    const deleted = await action.run(async () => {
      await api('DELETE', `/stores/${storeId}`);
      return true;
    });
    if (deleted) {
      location.hash = '#/stores';
    }
  };

  return (
    <>
      {dialog}
      <div class="title-row">
        <h1>{s.name}</h1>
        <div class="actions">
          <button
            type="button"
            class="primary"
            onClick={() => void syncNow()}
            disabled={action.pending || !s.enabled}
          >
            Sync now
          </button>
          <a class="button" href={`#/stores/${storeId}/mappings`}>
            Mappings
          </a>
          <a class="button" href={`#/stores/${storeId}/edit`}>
            Edit
          </a>
        </div>
      </div>
      <p class="summary">
        <Badge value={s.status} /> <code>{s.storeCode}</code> · {s.endpointUrl} · token …
        {s.accessTokenLast4} · {s.download.strategy.replace('_', ' ')}
        {s.download.queueCode ? ` (${s.download.queueCode})` : ''} every{' '}
        {s.download.pollIntervalSeconds} s · next poll <Time iso={s.nextPollAt} />
      </p>
      {s.statusMessage ? <p class="error-text">{s.statusMessage}</p> : null}
      <ErrorMessage error={action.error} action="That did not work" />
      {syncRunId ? (
        <div class="card">
          <RunProgress storeId={storeId} runId={syncRunId} title="Download" onDone={refresh} />
        </div>
      ) : null}
      {webhookUrl ? (
        <div class="card notice-card">
          <h2>New webhook URL (shown only now)</h2>
          <CopyField id="webhook-url" label="Webhook URL" value={webhookUrl} />
        </div>
      ) : null}
      <div class="columns">
        <Section
          title="Health"
          actions={
            <button type="button" onClick={refresh}>
              Refresh
            </button>
          }
        >
          <HealthView health={health.data} />
          {health.loading && !health.data ? <Loading what="Loading the health" /> : null}
          <ErrorMessage error={health.error} action="Health unavailable" />
        </Section>
        <Section title="Find an order">
          <FindOrder storeId={storeId} />
        </Section>
      </div>
      <Section title="Reconcile a date range">
        <Reconcile storeId={storeId} reconcileDays={s.download.reconcileDays} onDone={refresh} />
      </Section>
      <Section title="Sync runs">
        <RunHistory runs={runs.data} />
        {runs.loading && !runs.data ? <Loading what="Loading the runs" /> : null}
        <ErrorMessage error={runs.error} action="The runs could not be read" />
      </Section>
      <Section title="Store settings">
        <div class="actions">
          <button type="button" onClick={() => void toggleEnabled()} disabled={action.pending}>
            {s.enabled ? 'Disable' : 'Enable'}
          </button>
          <button type="button" onClick={() => void rotate()} disabled={action.pending}>
            Rotate webhook token
          </button>
          <button
            type="button"
            class="danger"
            onClick={() => void remove()}
            disabled={action.pending}
          >
            Delete store
          </button>
        </div>
      </Section>
    </>
  );
}

function HealthView({ health }: { health: StoreHealth | undefined }) {
  if (!health) {
    return null;
  }
  const relay = Object.entries(health.relay);
  return (
    <div class="health">
      <p>
        <Badge value={health.state} /> last successful sync{' '}
        <Time iso={health.lastSuccessfulSyncAt} />
        {health.consecutiveFailedRuns > 0
          ? `, ${health.consecutiveFailedRuns} failed runs in a row`
          : ''}
      </p>
      {health.reasons.length > 0 ? (
        <ul class="reasons">
          {health.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">Nothing needs attention.</p>
      )}
      <dl class="facts">
        <dt>Orders stored</dt>
        <dd>{health.orders.stored}</dd>
        <dt>Unacknowledged by the OMS</dt>
        <dd>
          {health.orders.unacknowledged}
          {health.orders.oldestUnacknowledgedAt ? (
            <span class="muted">
              {' '}
              (oldest <Time iso={health.orders.oldestUnacknowledgedAt} />)
            </span>
          ) : null}
        </dd>
        <dt>Open exceptions</dt>
        <dd>{health.openExceptions}</dd>
        {relay.map(([name, counts]) => (
          <Fragment key={name}>
            <dt>{(name[0]?.toUpperCase() ?? '') + name.slice(1)} to Miva</dt>
            <dd>
              {counts.pending} pending, {counts.failed} failed
            </dd>
          </Fragment>
        ))}
      </dl>
    </div>
  );
}

function FindOrder({ storeId }: { storeId: string }) {
  const [number, setNumber] = useState('');
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (/^\d+$/.test(number.trim())) {
          location.hash = `#/stores/${storeId}/orders/${number.trim()}`;
        }
      }}
    >
      <Field id="find-order-number" label="Miva order number">
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            pattern="[0-9]+"
            required
            value={number}
            onInput={(e) => setNumber(e.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit">Find</button>
    </form>
  );
}

function Reconcile({
  storeId,
  reconcileDays,
  onDone,
}: {
  storeId: string;
  reconcileDays: number;
  onDone(): void;
}) {
  const days = reconcileDays > 0 ? reconcileDays : 2;
  const [from, setFrom] = useState(() =>
    isoToLocalInput(new Date(Date.now() - days * 86_400_000).toISOString()),
  );
  const [to, setTo] = useState(() => isoToLocalInput(new Date().toISOString()));
  const [refetch, setRefetch] = useState<'missing' | 'changed' | 'all'>('changed');
  const [runId, setRunId] = useState<string | undefined>(undefined);
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const started = await action.run(() =>
      api<{ runId: string }>('POST', `/stores/${storeId}/reconcile`, {
        from: localInputToIso(from),
        to: localInputToIso(to),
        refetch,
      }),
    );
    if (started) {
      setRunId(started.runId);
    }
  };
  return (
    <>
      <p class="muted">
        Lists the store's Miva orders placed in the range (your time zone) and downloads those
        missing here, or also those changed since. It never reads or acknowledges a Miva queue.
      </p>
      <form class="inline-form" onSubmit={(e) => void submit(e)}>
        <Field id="reconcile-from" label="From">
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              required
              value={from}
              onInput={(e) => setFrom(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="reconcile-to" label="To">
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              required
              value={to}
              onInput={(e) => setTo(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="reconcile-refetch" label="Download">
          {(p) => (
            <select
              {...p}
              value={refetch}
              onChange={(e) => setRefetch(e.currentTarget.value as typeof refetch)}
            >
              <option value="missing">Missing orders</option>
              <option value="changed">Missing and changed orders</option>
              <option value="all">Every order in the range</option>
            </select>
          )}
        </Field>
        <button type="submit" disabled={action.pending}>
          Reconcile
        </button>
      </form>
      <ErrorMessage error={action.error} action="The reconcile did not start" />
      {runId ? (
        <RunProgress storeId={storeId} runId={runId} title="Reconcile" onDone={onDone} />
      ) : null}
    </>
  );
}

function RunHistory({ runs }: { runs: SyncRun[] | undefined }) {
  if (!runs) {
    return null;
  }
  if (runs.length === 0) {
    return <Empty>No run yet.</Empty>;
  }
  return (
    <div class="table-wrap">
      <table class="runs">
        <caption class="sr-only">The latest runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Trigger</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Seen
            </th>
            <th scope="col" class="num">
              New
            </th>
            <th scope="col" class="num">
              Changed
            </th>
            <th scope="col" class="num">
              Acked
            </th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td data-label="Started">
                <Time iso={r.startedAt} />
              </td>
              <td data-label="Trigger">{r.trigger}</td>
              <td data-label="Status">
                <Badge value={r.status} />
              </td>
              <td data-label="Seen" class="num">
                {r.ordersSeen}
              </td>
              <td data-label="New" class="num">
                {r.ordersCreated}
              </td>
              <td data-label="Changed" class="num">
                {r.ordersUpdated}
              </td>
              <td data-label="Acked" class="num">
                {r.ordersAcknowledged}
              </td>
              <td data-label="Error" class="error-text">
                {r.error ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
