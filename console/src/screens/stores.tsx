import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import type { Store, StoreHealth } from '../api/types';
import { Badge, Empty, ErrorMessage, Loading, Time } from '../components/basics';
import { asApiError, useApi } from '../lib/use-api';

type HealthResult = { health: StoreHealth } | { error: ApiError };

/** Every store with its health, last sync, unacknowledged orders and open exceptions. */
export function StoresScreen() {
  const stores = useApi<Store[]>('/stores');
  const [health, setHealth] = useState<Record<string, HealthResult>>({});
  useEffect(() => {
    const list = stores.data;
    if (!list) {
      return;
    }
    const controller = new AbortController();
    for (const store of list) {
      api<StoreHealth>('GET', `/stores/${store.id}/health`, undefined, {
        signal: controller.signal,
      }).then(
        (h) => setHealth((all) => ({ ...all, [store.id]: { health: h } })),
        (e: unknown) => {
          if (!controller.signal.aborted) {
            setHealth((all) => ({ ...all, [store.id]: { error: asApiError(e) } }));
          }
        },
      );
    }
    return () => controller.abort();
  }, [stores.data]);

  return (
    <>
      <div class="title-row">
        <h1>Stores</h1>
        <div class="actions">
          <button type="button" onClick={stores.reload} disabled={stores.loading}>
            Refresh
          </button>
          <a class="button primary" href="#/stores/new">
            Connect a store
          </a>
        </div>
      </div>
      <ErrorMessage error={stores.error} action="The stores could not be read" />
      {stores.loading && !stores.data ? <Loading what="Loading the stores" /> : null}
      {stores.data && stores.data.length === 0 ? (
        <Empty>
          No store is connected yet. <a href="#/stores/new">Connect a Miva store</a> to start
          downloading its orders.
        </Empty>
      ) : null}
      {stores.data && stores.data.length > 0 ? (
        <div class="table-wrap">
          <table class="stores">
            <caption class="sr-only">Connected stores with their health</caption>
            <thead>
              <tr>
                <th scope="col">Store</th>
                <th scope="col">Health</th>
                <th scope="col">Last successful sync</th>
                <th scope="col" class="num">
                  Unacknowledged
                </th>
                <th scope="col" class="num">
                  Open exceptions
                </th>
              </tr>
            </thead>
            <tbody>
              {stores.data.map((store) => (
                <StoreRow key={store.id} store={store} health={health[store.id]} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function StoreRow({ store, health }: { store: Store; health: HealthResult | undefined }) {
  const h = health && 'health' in health ? health.health : undefined;
  return (
    <tr data-store-id={store.id}>
      <td data-label="Store">
        <a href={`#/stores/${store.id}`}>{store.name}</a>
        <div class="muted small">
          {store.storeCode} · <Badge value={store.status} />
        </div>
        {store.statusMessage ? <div class="error-text small">{store.statusMessage}</div> : null}
      </td>
      <td data-label="Health">
        {!health ? <span class="muted">…</span> : null}
        {h ? (
          <>
            <Badge value={h.state} />
            {h.reasons.length > 0 ? (
              <ul class="reasons">
                {h.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
        {health && 'error' in health ? (
          <span class="error-text small">Health unavailable: {health.error.message}</span>
        ) : null}
      </td>
      <td data-label="Last successful sync">{h ? <Time iso={h.lastSuccessfulSyncAt} /> : '—'}</td>
      <td data-label="Unacknowledged" class="num">
        {h ? h.orders.unacknowledged : '—'}
      </td>
      <td data-label="Open exceptions" class="num">
        {h ? (
          h.openExceptions > 0 ? (
            <a href={`#/exceptions?storeId=${store.id}`}>{h.openExceptions}</a>
          ) : (
            0
          )
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}
