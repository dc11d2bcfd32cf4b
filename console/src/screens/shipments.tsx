import { useState } from 'preact/hooks';
import { query } from '../api/client';
import type { Page, Shipment, Store } from '../api/types';
import { Badge, Empty, ErrorMessage, Loading, Time } from '../components/basics';
import { Field } from '../components/field';
import { Pager } from '../components/pager';
import { StoreSelect } from '../components/store-select';
import { currentCursor, FIRST_PAGE, nextPage, previousPage } from '../lib/cursor-pages';
import { useApi } from '../lib/use-api';

const PAGE_SIZE = 50;

/** Shipments across orders, newest first, with their delivery to Miva. */
export function ShipmentsScreen() {
  const stores = useApi<Store[]>('/stores');
  const [storeId, setStoreId] = useState('');
  const [status, setStatus] = useState('');
  const [pages, setPages] = useState(FIRST_PAGE);
  const list = useApi<Page<Shipment>>(
    `/shipments${query({ storeId, status, limit: PAGE_SIZE, cursor: currentCursor(pages) })}`,
  );
  const rows = list.data?.data ?? [];
  return (
    <>
      <h1>Shipments</h1>
      <div class="filters card">
        <StoreSelect
          id="ship-store"
          stores={stores.data}
          value={storeId}
          onChange={(v) => {
            setStoreId(v);
            setPages(FIRST_PAGE);
          }}
        />
        <Field id="ship-status" label="Status">
          {(p) => (
            <select
              {...p}
              value={status}
              onChange={(e) => {
                setStatus(e.currentTarget.value);
                setPages(FIRST_PAGE);
              }}
            >
              <option value="">Any status</option>
              <option value="pending">Pending</option>
              <option value="sent">Sent</option>
              <option value="failed">Failed</option>
            </select>
          )}
        </Field>
      </div>
      <ErrorMessage error={list.error} action="The shipments could not be read" />
      {list.loading ? <Loading what="Loading the shipments" /> : null}
      {list.data && rows.length === 0 ? <Empty>No shipment matches.</Empty> : null}
      {rows.length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Shipment</th>
                <th scope="col">Status</th>
                <th scope="col">Carrier</th>
                <th scope="col">Miva</th>
                <th scope="col" class="num">
                  Attempts
                </th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <td data-label="Shipment">
                    <code>{s.shipmentRef}</code>
                  </td>
                  <td data-label="Status">
                    <Badge value={s.status} />
                    {s.lastError ? <div class="error-text small">{s.lastError}</div> : null}
                  </td>
                  <td data-label="Carrier">
                    {s.carrier} {s.trackingNumber}
                  </td>
                  <td data-label="Miva">{s.mivaShipmentCode ?? '—'}</td>
                  <td data-label="Attempts" class="num">
                    {s.attempts}
                  </td>
                  <td data-label="Created">
                    <Time iso={s.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager
        label="Shipments"
        pages={pages}
        nextCursor={list.data?.nextCursor}
        onPrevious={() => setPages(previousPage(pages))}
        onNext={() => setPages(nextPage(pages, list.data?.nextCursor ?? null))}
      />
    </>
  );
}
