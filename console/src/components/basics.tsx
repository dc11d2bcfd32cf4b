import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';
import { localTime, utcTitle } from '../lib/time';

/** A time in the browser's zone; hovering shows it in UTC. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) {
    return <span class="muted">—</span>;
  }
  return (
    <time dateTime={iso} title={utcTitle(iso)}>
      {localTime(iso)}
    </time>
  );
}

/** The API's error in words: its message, then what each detail says. */
export function ErrorMessage({ error, action }: { error: ApiError | undefined; action?: string }) {
  if (!error) {
    return null;
  }
  return (
    <div class="error" role="alert">
      <p>
        {action ? <strong>{action}: </strong> : null}
        {error.message}
        {error.status > 0 ? (
          <span class="muted code">
            {' '}
            ({error.status} {error.code})
          </span>
        ) : null}
      </p>
      {error.details.length > 0 ? (
        <ul>
          {error.details.map((d, i) => (
            <li key={i}>
              {d.field ? <code>{d.field}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** A coloured label for a state word (ok, warning, failing, active, failed, …). */
export function Badge({ value, label }: { value: string; label?: string }) {
  return (
    <span class={`badge badge-${value.replace(/[^a-z_]/gi, '')}`}>
      {label ?? value.replace(/_/g, ' ')}
    </span>
  );
}

export function Section({
  title,
  children,
  actions,
  id,
}: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
  id?: string;
}) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-heading`;
  return (
    <section class="panel" aria-labelledby={headingId}>
      <div class="panel-head">
        <h2 id={headingId}>{title}</h2>
        {actions ? <div class="actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

export function Money({
  value,
  currency,
}: {
  value: string | null | undefined;
  currency?: string;
}) {
  return (
    <span class="num">
      {value === null || value === undefined ? '—' : `${value}${currency ? ` ${currency}` : ''}`}
    </span>
  );
}
