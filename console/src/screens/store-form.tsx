import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { DownloadStrategy, Store } from '../api/types';
import { ErrorMessage, Loading } from '../components/basics';
import { CopyField } from '../components/copy';
import { Field } from '../components/field';
import { FieldError, StoreFormField, storeFormErrors } from '../lib/refusal-field';
import { asApiError, useAction, useApi } from '../lib/use-api';

interface FormValues {
  name: string;
  endpointUrl: string;
  storeCode: string;
  accessToken: string;
  signingKey: string;
  signatureDigest: 'sha256' | 'sha1' | 'none';
  strategy: DownloadStrategy;
  queueCode: string;
  pollIntervalSeconds: string;
  reconcileDays: string;
  productIdentifier: 'sku' | 'code';
  kitMode: 'sku' | 'parts';
  paymentPassphrase: string;
  enabled: boolean;
}

const EMPTY: FormValues = {
  name: '',
  endpointUrl: '',
  storeCode: '',
  accessToken: '',
  signingKey: '',
  signatureDigest: 'sha256',
  strategy: 'queue_ack',
  queueCode: 'new_and_updated',
  pollIntervalSeconds: '900',
  reconcileDays: '2',
  productIdentifier: 'sku',
  kitMode: 'parts',
  paymentPassphrase: '',
  enabled: true,
};

const STRATEGIES: [DownloadStrategy, string][] = [
  ['queue_ack', 'Order queue, acknowledged after each commit (recommended)'],
  ['queue', 'Order queue, without acknowledgement'],
  ['date_range', 'Order date window'],
  ['last_updated', 'Last-updated window (Miva 10.03+)'],
  ['order_number', 'Order number'],
];

const isQueue = (s: DownloadStrategy) => s === 'queue_ack' || s === 'queue';

function fromStore(store: Store): FormValues {
  return {
    ...EMPTY,
    name: store.name,
    endpointUrl: store.endpointUrl,
    storeCode: store.storeCode,
    signatureDigest: store.signatureDigest,
    strategy: store.download.strategy,
    queueCode: store.download.queueCode ?? '',
    pollIntervalSeconds: String(store.download.pollIntervalSeconds),
    reconcileDays: String(store.download.reconcileDays),
    productIdentifier: store.productIdentifier,
    kitMode: store.kitMode,
    enabled: store.enabled,
  };
}

/** Every field of the form as the API takes it (blank secrets left out when editing). */
function fullBody(values: FormValues, editing: boolean): Record<string, unknown> {
  const download: Record<string, unknown> = {
    strategy: values.strategy,
    pollIntervalSeconds: Number(values.pollIntervalSeconds),
    reconcileDays: Number(values.reconcileDays),
    ...(isQueue(values.strategy) ? { queueCode: values.queueCode.trim() } : {}),
  };
  const all: Record<string, unknown> = {
    name: values.name.trim(),
    endpointUrl: values.endpointUrl.trim(),
    storeCode: values.storeCode.trim(),
    signatureDigest: values.signatureDigest,
    productIdentifier: values.productIdentifier,
    kitMode: values.kitMode,
    enabled: values.enabled,
    download,
  };
  // Secrets are write-only: blank means "keep the stored one" when editing.
  if (values.accessToken !== '' || !editing) {
    all.accessToken = values.accessToken.trim();
  }
  if (values.signingKey !== '' || (!editing && values.signatureDigest !== 'none')) {
    all.signingKey = values.signingKey.trim();
  }
  if (values.paymentPassphrase !== '') {
    all.paymentPassphrase = values.paymentPassphrase;
  }
  return all;
}

/** The request body: everything for a new store; for an edit, only what changed. */
function body(values: FormValues, original: FormValues | undefined): Record<string, unknown> {
  const all = fullBody(values, original !== undefined);
  if (!original) {
    return all;
  }
  const before = fullBody(original, true);
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) {
      changed[key] = value;
    }
  }
  return changed;
}

/** Connect a store (storeId undefined) or edit one. */
export function StoreFormScreen({ storeId }: { storeId?: string }) {
  const existing = useApi<Store>(storeId ? `/stores/${storeId}` : null);
  const original = existing.data ? fromStore(existing.data) : undefined;
  const [values, setValues] = useState<FormValues>(EMPTY);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [created, setCreated] = useState<Store | undefined>(undefined);
  const action = useAction();

  useEffect(() => {
    if (existing.data) {
      setValues(fromStore(existing.data));
    }
  }, [existing.data]);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const errorAt = (field: StoreFormField) =>
    errors
      .filter((e) => e.field === field)
      .map((e) => e.message)
      .join(' ') || undefined;
  const formErrors = errors.filter((e) => e.field === undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    setErrors([]);
    const payload = body(values, original);
    const saved = await action.run(async () => {
      try {
        return storeId
          ? await api<Store>('PATCH', `/stores/${storeId}`, payload)
          : await api<Store>('POST', '/stores', payload);
      } catch (error) {
        const found = storeFormErrors(asApiError(error));
        setErrors(found);
        const first = found.find((e) => e.field !== undefined)?.field;
        window.setTimeout(() => document.getElementById(`store-${first ?? ''}`)?.focus(), 0);
        throw error;
      }
    });
    if (!saved) {
      return;
    }
    if (storeId) {
      location.hash = `#/stores/${saved.id}`;
    } else {
      setCreated(saved);
    }
  };

  if (created) {
    return (
      <>
        <h1>Store connected</h1>
        <p>
          Miva accepted the credentials and <strong>{created.name}</strong> is saved. Its first
          download starts with the next poll, or now from the store's page.
        </p>
        <div class="card notice-card">
          <h2>Webhook URL (shown only now)</h2>
          <p>
            Paste it into a Miva order workflow action (<code>webhook_post_order</code>) so new
            orders are downloaded at once. The bridge does not show its token again; rotating it
            from the store's page makes a new one.
          </p>
          <CopyField
            id="webhook-url"
            label="Webhook URL"
            value={`${location.origin}${created.webhookUrl}`}
          />
        </div>
        <p>
          <a class="button primary" href={`#/stores/${created.id}`}>
            Open the store
          </a>
        </p>
      </>
    );
  }

  if (storeId && !existing.data) {
    return (
      <>
        <h1>Edit store</h1>
        {existing.loading ? <Loading what="Loading the store" /> : null}
        <ErrorMessage error={existing.error} action="The store could not be read" />
      </>
    );
  }

  const editing = storeId !== undefined;
  return (
    <>
      <h1>{editing ? `Edit ${existing.data?.name ?? 'store'}` : 'Connect a store'}</h1>
      <p class="muted">
        The bridge checks the credentials with Miva before saving, with calls that touch no order.
      </p>
      <form class="card form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>Store</legend>
          <Field id="store-name" label="Name" error={errorAt('name')}>
            {(p) => (
              <input
                {...p}
                required
                value={values.name}
                onInput={(e) => set('name', e.currentTarget.value)}
              />
            )}
          </Field>
          <Field
            id="store-endpointUrl"
            label="JSON API endpoint URL"
            hint="https://www.example.com/mm5/json.mvc"
            error={errorAt('endpointUrl')}
          >
            {(p) => (
              <input
                {...p}
                type="url"
                required
                value={values.endpointUrl}
                onInput={(e) => set('endpointUrl', e.currentTarget.value)}
              />
            )}
          </Field>
          <Field id="store-storeCode" label="Store code" error={errorAt('storeCode')}>
            {(p) => (
              <input
                {...p}
                required
                value={values.storeCode}
                onInput={(e) => set('storeCode', e.currentTarget.value)}
              />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>API token (from the Miva admin)</legend>
          <Field
            id="store-accessToken"
            label="Access token"
            hint={
              editing
                ? `Leave blank to keep the stored token (…${existing.data?.accessTokenLast4 ?? ''}).`
                : undefined
            }
            error={errorAt('accessToken')}
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                required={!editing}
                value={values.accessToken}
                onInput={(e) => set('accessToken', e.currentTarget.value)}
              />
            )}
          </Field>
          <Field
            id="store-signingKey"
            label="Signing key (base64)"
            hint={editing ? 'Leave blank to keep the stored key.' : undefined}
            error={errorAt('signingKey')}
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                value={values.signingKey}
                onInput={(e) => set('signingKey', e.currentTarget.value)}
              />
            )}
          </Field>
          <Field id="store-signatureDigest" label="Signature" error={errorAt('signatureDigest')}>
            {(p) => (
              <select
                {...p}
                value={values.signatureDigest}
                onChange={(e) =>
                  set('signatureDigest', e.currentTarget.value as FormValues['signatureDigest'])
                }
              >
                <option value="sha256">HMAC-SHA256</option>
                <option value="sha1">HMAC-SHA1</option>
                <option value="none">None (token only)</option>
              </select>
            )}
          </Field>
          <Field
            id="store-paymentPassphrase"
            label="Payment passphrase (optional)"
            hint={
              editing
                ? 'Leave blank to keep the stored passphrase.'
                : 'Lets Miva decrypt stored payment data.'
            }
            error={errorAt('paymentPassphrase')}
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                value={values.paymentPassphrase}
                onInput={(e) => set('paymentPassphrase', e.currentTarget.value)}
              />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>Download</legend>
          <Field id="store-strategy" label="Strategy" error={errorAt('strategy')}>
            {(p) => (
              <select
                {...p}
                value={values.strategy}
                onChange={(e) => set('strategy', e.currentTarget.value as DownloadStrategy)}
              >
                {STRATEGIES.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {isQueue(values.strategy) ? (
            <Field id="store-queueCode" label="Miva order queue" error={errorAt('queueCode')}>
              {(p) => (
                <input
                  {...p}
                  required
                  value={values.queueCode}
                  onInput={(e) => set('queueCode', e.currentTarget.value)}
                />
              )}
            </Field>
          ) : null}
          <Field
            id="store-pollIntervalSeconds"
            label="Poll interval (seconds)"
            error={errorAt('pollIntervalSeconds')}
          >
            {(p) => (
              <input
                {...p}
                type="number"
                min={10}
                step={1}
                value={values.pollIntervalSeconds}
                onInput={(e) => set('pollIntervalSeconds', e.currentTarget.value)}
              />
            )}
          </Field>
          <Field id="store-reconcileDays" label="Daily reconcile window (days, 0 = off)">
            {(p) => (
              <input
                {...p}
                type="number"
                min={0}
                max={90}
                step={1}
                value={values.reconcileDays}
                onInput={(e) => set('reconcileDays', e.currentTarget.value)}
              />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>Mapping</legend>
          <Field id="store-productIdentifier" label="Line identifier">
            {(p) => (
              <select
                {...p}
                value={values.productIdentifier}
                onChange={(e) => set('productIdentifier', e.currentTarget.value as 'sku' | 'code')}
              >
                <option value="sku">SKU</option>
                <option value="code">Product code</option>
              </select>
            )}
          </Field>
          <Field id="store-kitMode" label="Kits">
            {(p) => (
              <select
                {...p}
                value={values.kitMode}
                onChange={(e) => set('kitMode', e.currentTarget.value as 'sku' | 'parts')}
              >
                <option value="parts">Kit line plus its parts</option>
                <option value="sku">Kit line only</option>
              </select>
            )}
          </Field>
          <div class="field checkbox">
            <input
              id="store-enabled"
              type="checkbox"
              checked={values.enabled}
              onChange={(e) => set('enabled', e.currentTarget.checked)}
            />
            <label for="store-enabled">Enabled (download on schedule)</label>
          </div>
        </fieldset>
        {formErrors.length > 0 ? (
          <div class="error" role="alert">
            {formErrors.map((e, i) => (
              <p key={i}>{e.message}</p>
            ))}
          </div>
        ) : null}
        {errors.some((e) => e.field !== undefined) ? (
          <p class="error-text" role="alert">
            {editing ? 'The store was not saved' : 'The store was not connected'}: see the
            highlighted field.
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="primary" disabled={action.pending}>
            {action.pending ? 'Checking with Miva…' : editing ? 'Save' : 'Connect'}
          </button>
          <a class="button" href={editing ? `#/stores/${storeId}` : '#/stores'}>
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}
