import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiKey, CreatedApiKey, SCOPES, Store } from '../api/types';
import { Empty, ErrorMessage, Loading, Section, Time } from '../components/basics';
import { useConfirm } from '../components/confirm';
import { CopyField } from '../components/copy';
import { Field } from '../components/field';
import { useAction, useApi } from '../lib/use-api';

/** API keys (admin only): create (the key shown once), list, revoke. */
export function ApiKeysScreen() {
  const keys = useApi<ApiKey[]>('/api-keys');
  const stores = useApi<Store[]>('/stores');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<string>>(new Set(['orders:read', 'orders:ack']));
  const [storeIds, setStoreIds] = useState<Set<string>>(new Set());
  const [created, setCreated] = useState<CreatedApiKey | undefined>(undefined);
  const [note, setNote] = useState<string | undefined>(undefined);
  const [dialog, confirm] = useConfirm();
  const createAction = useAction();
  const revokeAction = useAction();
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id.slice(0, 8);

  const toggle = (set: Set<string>, value: string) => {
    const next = new Set(set);
    if (next.has(value)) {
      next.delete(value);
    } else {
      next.add(value);
    }
    return next;
  };

  const create = async (event: Event) => {
    event.preventDefault();
    setNote(undefined);
    const key = await createAction.run(() =>
      api<CreatedApiKey>('POST', '/api-keys', {
        name: name.trim(),
        scopes: [...scopes],
        ...(storeIds.size > 0 ? { storeIds: [...storeIds] } : {}),
      }),
    );
    if (key) {
      setCreated(key);
      setName('');
      keys.reload();
    }
  };
  const revoke = async (key: ApiKey) => {
    if (
      !(await confirm(
        `Revoke “${key.name}”?`,
        'Every client using this key is refused from now on. This cannot be undone.',
        'Revoke key',
      ))
    ) {
      return;
    }
    const ok = await revokeAction.run(async () => {
      await api('DELETE', `/api-keys/${key.id}`);
      return true;
    });
    if (ok) {
      setNote(`Revoked “${key.name}”.`);
      if (created?.id === key.id) {
        setCreated(undefined);
      }
      keys.reload();
    }
  };

  return (
    <>
      {dialog}
      <h1>API keys</h1>
      {created ? (
        <div class="card notice-card">
          <h2>Key “{created.name}” created (shown only now)</h2>
          <p>Copy it now: the bridge keeps only its hash and cannot show it again.</p>
          <CopyField id="created-key" label="API key" value={created.key} />
          <button type="button" onClick={() => setCreated(undefined)}>
            Done
          </button>
        </div>
      ) : null}
      <Section title="Keys" id="keys">
        {note ? (
          <p role="status" class="ok-text">
            {note}
          </p>
        ) : null}
        <ErrorMessage
          error={keys.error}
          action="The keys could not be read (only the admin key may manage keys)"
        />
        <ErrorMessage error={revokeAction.error} action="Not revoked" />
        {keys.loading && !keys.data ? <Loading what="Loading the keys" /> : null}
        {keys.data && keys.data.length === 0 ? (
          <Empty>No API key yet; only the admin key exists.</Empty>
        ) : null}
        {keys.data && keys.data.length > 0 ? (
          <div class="table-wrap">
            <table class="keys">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Stores</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.map((k) => (
                  <tr key={k.id} data-key-name={k.name}>
                    <td data-label="Name">{k.name}</td>
                    <td data-label="Scopes">
                      {k.scopes.map((s) => (
                        <code key={s} class="chip">
                          {s}
                        </code>
                      ))}
                    </td>
                    <td data-label="Stores">
                      {k.storeIds === null ? 'All stores' : k.storeIds.map(storeName).join(', ')}
                    </td>
                    <td data-label="Created">
                      <Time iso={k.createdAt} />
                    </td>
                    <td>
                      <button
                        type="button"
                        class="danger"
                        onClick={() => void revoke(k)}
                        aria-label={`Revoke ${k.name}`}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>
      <Section title="Create a key" id="create-key">
        <form class="form" onSubmit={(e) => void create(e)}>
          <Field id="key-name" label="Name" hint="Who or what uses it, e.g. oms-east.">
            {(p) => (
              <input
                {...p}
                required
                maxLength={100}
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            )}
          </Field>
          <fieldset>
            <legend>Scopes</legend>
            <div class="checks">
              {SCOPES.map((s) => (
                <label key={s} class="check">
                  <input
                    type="checkbox"
                    checked={scopes.has(s)}
                    onChange={() => setScopes(toggle(scopes, s))}
                  />{' '}
                  <code>{s}</code>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>Stores (none ticked = all stores)</legend>
            <div class="checks">
              {(stores.data ?? []).map((s) => (
                <label key={s.id} class="check">
                  <input
                    type="checkbox"
                    checked={storeIds.has(s.id)}
                    onChange={() => setStoreIds(toggle(storeIds, s.id))}
                  />{' '}
                  {s.name}
                </label>
              ))}
              {stores.data?.length === 0 ? <span class="muted">No store yet.</span> : null}
            </div>
          </fieldset>
          <ErrorMessage error={createAction.error} action="Not created" />
          <button
            type="submit"
            class="primary"
            disabled={createAction.pending || name.trim() === ''}
          >
            Create key
          </button>
        </form>
      </Section>
    </>
  );
}
