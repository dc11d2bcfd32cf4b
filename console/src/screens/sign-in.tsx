import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { ErrorMessage } from '../components/basics';
import { Field } from '../components/field';
import { storeKey } from '../lib/session';
import { useAction } from '../lib/use-api';

/** Sign in with an API key (admin or config:write); it is checked with the API before use. */
export function SignIn({
  notice,
  onSignedIn,
}: {
  notice?: string | undefined;
  onSignedIn(): void;
}) {
  const [key, setKey] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    const ok = await action.run(async () => {
      await api('GET', '/stores', undefined, { key: trimmed });
      return true;
    });
    if (ok) {
      storeKey(trimmed);
      onSignedIn();
    }
  };
  return (
    <main class="sign-in" id="main">
      <h1>Miva OMS bridge console</h1>
      <p>
        Sign in with an API key: the admin key, or a key with the <code>config:write</code> scope.
      </p>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} class="card">
        <Field
          id="api-key"
          label="API key"
          hint="Kept in this browser tab only, until you sign out or close it."
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="off"
              spellcheck={false}
              required
              value={key}
              onInput={(e) => setKey(e.currentTarget.value)}
              autofocus
            />
          )}
        </Field>
        <ErrorMessage error={action.error} action="Sign-in refused" />
        <button type="submit" class="primary" disabled={action.pending || key.trim() === ''}>
          {action.pending ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
