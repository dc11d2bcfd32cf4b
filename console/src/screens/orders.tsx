import { useEffect, useState } from 'preact/hooks';
import { query } from '../api/client';
import { ORDER_STATUSES, Order, Page, Store } from '../api/types';
import { Badge, Empty, ErrorMessage, Loading, Money, Section, Time } from '../components/basics';
import { Field } from '../components/field';
import { Pager } from '../components/pager';
import { StoreSelect } from '../components/store-select';
import { currentCursor, FIRST_PAGE, nextPage, previousPage } from '../lib/cursor-pages';
import { useApi } from '../lib/use-api';

const PAGE_SIZE = 25;

/** Find an order by its Miva number; browse the orders feed with filters, page by page. */
export function OrdersScreen() {
  const stores = useApi<Store[]>('/stores');
  const [findStore, setFindStore] = useState('');
  const [number, setNumber] = useState('');
  const [storeId, setStoreId] = useState('');
  const [status, setStatus] = useState('');
  const [acknowledged, setAcknowledged] = useState('');
  const [pages, setPages] = useState(FIRST_PAGE);
  const path = `/orders${query({ storeId, status, acknowledged, limit: PAGE_SIZE, cursor: currentCursor(pages) })}`;
  const orders = useApi<Page<Order>>(path);
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id.slice(0, 8);

  useEffect(() => {
    const first = stores.data?.[0];
    if (first && findStore === '') {
      setFindStore(first.id);
    }
  }, [stores.data, findStore]);

  const filter = (set: (v: string) => void) => (value: string) => {
    set(value);
    setPages(FIRST_PAGE);
  };

  return (
    <>
      <h1>Orders</h1>
      <Section title="Find an order by its Miva number" id="find-order">
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (findStore !== '' && /^\d+$/.test(number.trim())) {
              location.hash = `#/stores/${findStore}/orders/${number.trim()}`;
            }
          }}
        >
          <StoreSelect
            id="find-store"
            stores={stores.data}
            value={findStore}
            onChange={setFindStore}
            allLabel={null}
          />
          <Field id="find-number" label="Miva order number">
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
          <button type="submit" class="primary" disabled={findStore === ''}>
            Find
          </button>
        </form>
        <ErrorMessage error={stores.error} action="The stores could not be read" />
      </Section>
      <Section title="Orders feed" id="feed">
        <p class="muted">In the order the OMS receives them: oldest change first.</p>
        <div class="filters">
          <StoreSelect
            id="feed-store"
            stores={stores.data}
            value={storeId}
            onChange={filter(setStoreId)}
          />
          <Field id="feed-status" label="Status">
            {(p) => (
              <select
                {...p}
                value={status}
                onChange={(e) => filter(setStatus)(e.currentTarget.value)}
              >
                <option value="">Any status</option>
                {ORDER_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s.replace('_', ' ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="feed-ack" label="Acknowledged by the OMS">
            {(p) => (
              <select
                {...p}
                value={acknowledged}
                onChange={(e) => filter(setAcknowledged)(e.currentTarget.value)}
              >
                <option value="">Either</option>
                <option value="false">Not yet</option>
                <option value="true">Yes</option>
              </select>
            )}
          </Field>
        </div>
        <ErrorMessage error={orders.error} action="The orders could not be read" />
        {orders.loading ? <Loading what="Loading the orders" /> : null}
        {orders.data && orders.data.data.length === 0 ? <Empty>No order matches.</Empty> : null}
        {orders.data && orders.data.data.length > 0 ? (
          <div class="table-wrap">
            <table class="orders">
              <thead>
                <tr>
                  <th scope="col">Miva order</th>
                  <th scope="col">Store</th>
                  <th scope="col">Status</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Customer</th>
                  <th scope="col" class="num">
                    Total
                  </th>
                  <th scope="col">Revision</th>
                </tr>
              </thead>
              <tbody>
                {orders.data.data.map((o) => (
                  <tr key={o.id}>
                    <td data-label="Miva order">
                      <a href={`#/stores/${o.storeId}/orders/${o.sourceOrderId}`}>
                        {o.sourceOrderId}
                      </a>
                    </td>
                    <td data-label="Store">{storeName(o.storeId)}</td>
                    <td data-label="Status">
                      <Badge value={o.status} />
                    </td>
                    <td data-label="Placed">
                      <Time iso={o.placedAt} />
                    </td>
                    <td data-label="Customer">
                      {[o.billTo.firstName, o.billTo.lastName].filter(Boolean).join(' ') ||
                        o.customer.email}
                    </td>
                    <td data-label="Total" class="num">
                      <Money value={o.totals.total} currency={o.currency} />
                    </td>
                    <td data-label="Revision">
                      {o.revision}{' '}
                      {o.acknowledged ? (
                        <Badge value="acknowledged" />
                      ) : (
                        <Badge value="new" label="unacknowledged" />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pager
          label="Orders"
          pages={pages}
          nextCursor={orders.data?.nextCursor}
          onPrevious={() => setPages(previousPage(pages))}
          onNext={() => setPages(nextPage(pages, orders.data?.nextCursor ?? null))}
        />
      </Section>
    </>
  );
}
