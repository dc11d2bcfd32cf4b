import { useState } from 'preact/hooks';
import { api, query } from '../api/client';
import { EXCEPTION_CODES, EXCEPTION_KINDS, ExceptionItem, Page, Store } from '../api/types';
import { Badge, Empty, ErrorMessage, Loading, Time } from '../components/basics';
import { useConfirm } from '../components/confirm';
import { Field } from '../components/field';
import { Pager } from '../components/pager';
import { StoreSelect } from '../components/store-select';
import { currentCursor, FIRST_PAGE, nextPage, previousPage } from '../lib/cursor-pages';
import { hashQuery } from '../lib/routes';
import { asApiError, useAction, useApi } from '../lib/use-api';

const PAGE_SIZE = 50;

/** The exception queue: filters, retry, dismiss, and retry of a selection. */
export function ExceptionsScreen() {
  const initial = hashQuery();
  const stores = useApi<Store[]>('/stores');
  const [storeId, setStoreId] = useState(initial.get('storeId') ?? '');
  const [kind, setKind] = useState(initial.get('kind') ?? '');
  const [code, setCode] = useState(initial.get('code') ?? '');
  const [status, setStatus] = useState(initial.get('status') ?? 'open');
  const [pages, setPages] = useState(FIRST_PAGE);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [note, setNote] = useState<string | undefined>(undefined);
  const [dialog, confirm] = useConfirm();
  const action = useAction();
  const list = useApi<Page<ExceptionItem>>(
    `/exceptions${query({ storeId, kind, code, status, limit: PAGE_SIZE, cursor: currentCursor(pages) })}`,
  );
  const rows = list.data?.data ?? [];
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id.slice(0, 8);

  const filter = (set: (v: string) => void) => (value: string) => {
    set(value);
    setPages(FIRST_PAGE);
    setSelected(new Set());
  };
  const done = (text: string) => {
    setNote(text);
    setSelected(new Set());
    list.reload();
  };

  const retry = async (item: ExceptionItem) => {
    setNote(undefined);
    const ok = await action.run(async () => {
      try {
        await api('POST', `/exceptions/${item.id}/retry`, {});
      } catch (error) {
        const e = asApiError(error);
        // Miva may already have applied an in-doubt stock change: only a person can say send it again.
        if (e.status === 409 && item.code === 'OUTCOME_UNKNOWN') {
          const force = await confirm(
            'Send this stock change again?',
            `${e.message} Miva may already have applied it; send it again only if you checked the stock in Miva.`,
            'Send again',
          );
          if (!force) {
            return false;
          }
          await api('POST', `/exceptions/${item.id}/retry`, { force: true });
          return true;
        }
        throw error;
      }
      return true;
    });
    if (ok) {
      done(`Retry of ${item.code} started; it resolves itself once the work succeeds.`);
    }
  };
  const dismiss = async (item: ExceptionItem) => {
    if (
      !(await confirm(
        'Dismiss this exception?',
        `${item.code}: ${item.message}. It comes back if the problem happens again.`,
        'Dismiss',
      ))
    ) {
      return;
    }
    if (await action.run(() => api('POST', `/exceptions/${item.id}/dismiss`))) {
      done(`Dismissed ${item.code}.`);
    }
  };
  const retrySelected = async () => {
    const ids = [...selected];
    const result = await action.run(() =>
      api<{ retried: number; skipped: string[] }>('POST', '/exceptions/retries', { ids }),
    );
    if (result) {
      done(
        `Retried ${result.retried} of ${ids.length}` +
          (result.skipped.length > 0
            ? `; ${result.skipped.length} skipped (no longer open, or refused).`
            : '.'),
      );
    }
  };

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) {
        next.delete(id);
      } else {
        next.add(id);
      }
      return next;
    });

  return (
    <>
      {dialog}
      <div class="title-row">
        <h1>Exceptions</h1>
        <div class="actions">
          <button type="button" onClick={list.reload}>
            Refresh
          </button>
        </div>
      </div>
      <div class="filters card">
        <StoreSelect
          id="exc-store"
          stores={stores.data}
          value={storeId}
          onChange={filter(setStoreId)}
        />
        <Field id="exc-kind" label="Kind">
          {(p) => (
            <select {...p} value={kind} onChange={(e) => filter(setKind)(e.currentTarget.value)}>
              <option value="">Any kind</option>
              {EXCEPTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="exc-code" label="Code">
          {(p) => (
            <select {...p} value={code} onChange={(e) => filter(setCode)(e.currentTarget.value)}>
              <option value="">Any code</option>
              {EXCEPTION_CODES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="exc-status" label="Status">
          {(p) => (
            <select
              {...p}
              value={status}
              onChange={(e) => filter(setStatus)(e.currentTarget.value)}
            >
              <option value="open">Open</option>
              <option value="resolved">Resolved</option>
              <option value="dismissed">Dismissed</option>
            </select>
          )}
        </Field>
      </div>
      {note ? (
        <p role="status" class="ok-text">
          {note}
        </p>
      ) : null}
      <ErrorMessage error={action.error} action="That did not work" />
      <ErrorMessage error={list.error} action="The exceptions could not be read" />
      {list.loading ? <Loading what="Loading the exceptions" /> : null}
      {list.data && rows.length === 0 ? (
        <Empty>No {status} exception matches. Nothing needs a person here.</Empty>
      ) : null}
      {rows.length > 0 ? (
        <>
          {status === 'open' ? (
            <div class="actions">
              <button
                type="button"
                class="primary"
                disabled={selected.size === 0 || action.pending}
                onClick={() => void retrySelected()}
              >
                Retry selected ({selected.size})
              </button>
            </div>
          ) : null}
          <div class="table-wrap">
            <table class="exceptions">
              <caption class="sr-only">Exceptions, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select all on this page"
                      checked={allSelected}
                      onChange={() =>
                        setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))
                      }
                    />
                  </th>
                  <th scope="col">Problem</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Store</th>
                  <th scope="col" class="num">
                    Seen
                  </th>
                  <th scope="col">Last seen</th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((x) => (
                  <tr key={x.id} data-exception-id={x.id} data-code={x.code}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select ${x.code} ${x.subject.mivaOrderId ?? x.subject.type}`}
                        checked={selected.has(x.id)}
                        onChange={() => toggle(x.id)}
                      />
                    </td>
                    <td data-label="Problem">
                      <Badge value={x.status} /> <code>{x.code}</code>{' '}
                      <span class="muted">{x.kind}</span>
                      <div class="message">{x.message}</div>
                    </td>
                    <td data-label="Subject">
                      {x.subject.mivaOrderId ? (
                        <a href={`#/stores/${x.storeId}/orders/${x.subject.mivaOrderId}`}>
                          order {x.subject.mivaOrderId}
                        </a>
                      ) : (
                        x.subject.type
                      )}
                    </td>
                    <td data-label="Store">{storeName(x.storeId)}</td>
                    <td data-label="Seen" class="num">
                      {x.occurrences}
                    </td>
                    <td data-label="Last seen">
                      <Time iso={x.lastSeenAt} />
                      {x.resolvedAt ? (
                        <div class="muted small">
                          resolved <Time iso={x.resolvedAt} />
                        </div>
                      ) : null}
                    </td>
                    <td class="row-actions">
                      {x.status === 'open' ? (
                        <>
                          <button
                            type="button"
                            onClick={() => void retry(x)}
                            disabled={action.pending}
                            aria-label={`Retry ${x.code} ${x.subject.mivaOrderId ?? ''}`}
                          >
                            Retry
                          </button>
                          <button
                            type="button"
                            onClick={() => void dismiss(x)}
                            disabled={action.pending}
                            aria-label={`Dismiss ${x.code} ${x.subject.mivaOrderId ?? ''}`}
                          >
                            Dismiss
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <Pager
        label="Exceptions"
        pages={pages}
        nextCursor={list.data?.nextCursor}
        onPrevious={() => {
          setPages(previousPage(pages));
          setSelected(new Set());
        }}
        onNext={() => {
          setPages(nextPage(pages, list.data?.nextCursor ?? null));
          setSelected(new Set());
        }}
      />
    </>
  );
}
