import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Address, Order, OrderChange, Shipment } from '../api/types';
import { Badge, Empty, ErrorMessage, Loading, Money, Section, Time } from '../components/basics';
import { useAction, useApi } from '../lib/use-api';

/** One order: the OMS order beside Miva's raw order, refetch, and what was sent back to Miva. */
export function OrderScreen({ storeId, mivaOrderId }: { storeId: string; mivaOrderId: number }) {
  const order = useApi<Order>(`/stores/${storeId}/orders/${mivaOrderId}`);
  const raw = useApi<unknown>(`/stores/${storeId}/orders/${mivaOrderId}/raw`);
  const [note, setNote] = useState<string | undefined>(undefined);
  const refetch = useAction();

  const doRefetch = async () => {
    setNote(undefined);
    const before = order.data?.revision;
    const fresh = await refetch.run(() =>
      api<Order>('POST', `/stores/${storeId}/orders/${mivaOrderId}/refetch`),
    );
    if (fresh) {
      setNote(
        before === undefined
          ? `Downloaded from Miva: revision ${fresh.revision}.`
          : fresh.revision === before
            ? `Read again from Miva: unchanged, still revision ${fresh.revision}.`
            : `Read again from Miva: revision ${before} → ${fresh.revision}.`,
      );
      order.reload();
      raw.reload();
    }
  };

  return (
    <>
      <div class="title-row">
        <h1>Order {mivaOrderId}</h1>
        <div class="actions">
          <button
            type="button"
            class="primary"
            onClick={() => void doRefetch()}
            disabled={refetch.pending}
          >
            {refetch.pending ? 'Reading from Miva…' : 'Refetch from Miva'}
          </button>
          <a class="button" href={`#/stores/${storeId}`}>
            The store
          </a>
        </div>
      </div>
      {note ? (
        <p role="status" class="ok-text">
          {note}
        </p>
      ) : null}
      <ErrorMessage error={refetch.error} action="Refetch failed" />
      {order.loading && !order.data ? <Loading what="Loading the order" /> : null}
      <ErrorMessage error={order.error} action="The order could not be read" />
      {order.error?.status === 404 ? (
        <p class="muted">If Miva has this order, “Refetch from Miva” downloads it now.</p>
      ) : null}
      <div class="columns order-columns">
        <div>{order.data ? <OmsOrder order={order.data} /> : null}</div>
        <Section title="Miva's raw order" id="raw">
          <p class="muted">
            As downloaded and stored (card numbers cut to their last four digits).
          </p>
          {raw.loading && raw.data === undefined ? <Loading what="Loading the raw order" /> : null}
          <ErrorMessage error={raw.error} action="The raw order is not available" />
          {raw.data !== undefined ? (
            <pre class="raw" tabIndex={0} aria-label="Raw Miva order JSON">
              {JSON.stringify(raw.data, null, 2)}
            </pre>
          ) : null}
        </Section>
      </div>
      {order.data ? <RelayWork orderId={order.data.id} /> : null}
    </>
  );
}

function name(a: Address): string {
  return [a.firstName, a.lastName].filter(Boolean).join(' ');
}

function OmsOrder({ order }: { order: Order }) {
  const o = order;
  return (
    <Section title="OMS order" id="oms">
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <Badge value={o.status} /> <span class="muted">(Miva {o.sourceStatus})</span>
        </dd>
        <dt>Revision</dt>
        <dd>
          {o.revision}{' '}
          {o.acknowledged ? (
            <Badge value="acknowledged" />
          ) : (
            <Badge value="new" label="unacknowledged" />
          )}
        </dd>
        <dt>Placed</dt>
        <dd>
          <Time iso={o.placedAt} />
        </dd>
        <dt>Changed here</dt>
        <dd>
          <Time iso={o.changedAt} />
        </dd>
        <dt>Customer</dt>
        <dd>
          {name(o.billTo) || '—'}{' '}
          {o.customer.email ? <span class="muted">{o.customer.email}</span> : null}
        </dd>
        <dt>Ship to</dt>
        <dd>
          {[
            name(o.shipTo),
            o.shipTo.address1,
            o.shipTo.city,
            o.shipTo.state,
            o.shipTo.zip,
            o.shipTo.country,
          ]
            .filter(Boolean)
            .join(', ')}
        </dd>
        <dt>Shipping</dt>
        <dd>{o.shippingMethod?.name ?? '—'}</dd>
      </dl>
      {o.exceptions.length > 0 ? (
        <div class="warning" role="note">
          <strong>Exceptions</strong>
          <ul>
            {o.exceptions.map((e, i) => (
              <li key={i}>
                <code>{e.code}</code> {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3>Lines</h3>
      <div class="table-wrap">
        <table class="lines">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Qty
              </th>
              <th scope="col" class="num">
                Unit
              </th>
              <th scope="col" class="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {o.lines.map((l) => (
              <tr key={l.lineId} class={l.kind === 'kit_component' ? 'sub' : ''}>
                <td data-label="Item">
                  {l.name} {l.identifier ? <code>{l.identifier}</code> : null}
                  {l.couponCode ? <span class="muted"> coupon {l.couponCode}</span> : null}
                  {(l.options ?? []).length > 0 ? (
                    <div class="muted small">
                      {(l.options ?? []).map((op) => `${op.attribute}: ${op.value}`).join(', ')}
                    </div>
                  ) : null}
                </td>
                <td data-label="Kind">{l.kind.replace('_', ' ')}</td>
                <td data-label="Status">{l.status ?? '—'}</td>
                <td data-label="Qty" class="num">
                  {l.quantity}
                </td>
                <td data-label="Unit" class="num">
                  {l.unitPrice}
                </td>
                <td data-label="Total" class="num">
                  {l.lineTotal}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Totals</h3>
      <dl class="facts totals">
        {(['items', 'discounts', 'shipping', 'tax', 'other', 'total'] as const).map((k) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>
              <Money value={o.totals[k]} currency={k === 'total' ? o.currency : undefined} />
            </dd>
          </Fragment>
        ))}
      </dl>
      <h3>Payments</h3>
      {o.payments.length === 0 ? <Empty>No payment.</Empty> : null}
      <ul class="plain">
        {o.payments.map((p, i) => (
          <li key={i}>
            <Badge value="neutral" label={p.gateway} /> {p.type}{' '}
            <Money value={p.amount} currency={o.currency} />{' '}
            <span class="muted">
              {p.method}
              {p.card?.last4 ? ` ${p.card.brand ?? 'card'} …${p.card.last4}` : ''} · module{' '}
              {p.mivaModule ?? '?'}
              {p.transactionId ? ` · ${p.transactionId}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <h3>Custom fields (mapped)</h3>
      {Object.keys(o.customFields).length === 0 ? (
        <Empty>None mapped for this order.</Empty>
      ) : (
        <dl class="facts custom-fields">
          {Object.entries(o.customFields).map(([k, v]) => (
            <Fragment key={k}>
              <dt>{k}</dt>
              <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
            </Fragment>
          ))}
        </dl>
      )}
      {o.customerComments ? (
        <>
          <h3>Comments</h3>
          <p class="pre-line">{o.customerComments}</p>
        </>
      ) : null}
    </Section>
  );
}

function RelayWork({ orderId }: { orderId: string }) {
  const shipments = useApi<Shipment[]>(`/orders/${orderId}/shipments`);
  const cancellations = useApi<OrderChange[]>(`/orders/${orderId}/cancellations`);
  const backorders = useApi<OrderChange[]>(`/orders/${orderId}/backorders`);
  return (
    <div class="columns three">
      <Section title="Shipments" id="order-shipments">
        <ErrorMessage error={shipments.error} action="Shipments unavailable" />
        {shipments.loading && !shipments.data ? <Loading /> : null}
        {shipments.data?.length === 0 ? <Empty>None.</Empty> : null}
        <ul class="plain">
          {shipments.data?.map((s) => (
            <li key={s.id}>
              <Badge value={s.status} /> <code>{s.shipmentRef}</code> {s.carrier} {s.trackingNumber}
              {s.mivaShipmentCode ? <span class="muted"> · Miva {s.mivaShipmentCode}</span> : null}
              {s.lastError ? <div class="error-text small">{s.lastError}</div> : null}
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Cancellations" id="order-cancellations">
        <ChangeList loaded={cancellations} refOf={(c) => c.cancellationRef ?? c.id} />
      </Section>
      <Section title="Backorders" id="order-backorders">
        <ChangeList loaded={backorders} refOf={(c) => c.backorderRef ?? c.id} />
      </Section>
    </div>
  );
}

function ChangeList({
  loaded,
  refOf,
}: {
  loaded: ReturnType<typeof useApi<OrderChange[]>>;
  refOf(c: OrderChange): string;
}) {
  return (
    <>
      <ErrorMessage error={loaded.error} action="Unavailable" />
      {loaded.loading && !loaded.data ? <Loading /> : null}
      {loaded.data?.length === 0 ? <Empty>None.</Empty> : null}
      <ul class="plain">
        {loaded.data?.map((c) => (
          <li key={c.id}>
            <Badge value={c.status} /> <code>{refOf(c)}</code>{' '}
            {c.lines.reduce((n, l) => n + l.quantity, 0)} item(s)
            {c.createdAt ? (
              <span class="muted">
                {' '}
                · <Time iso={c.createdAt} />
              </span>
            ) : null}
            {c.lastError ? <div class="error-text small">{c.lastError}</div> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
