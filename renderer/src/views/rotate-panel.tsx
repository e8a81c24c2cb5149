import { useState, type FormEvent } from 'react';
import type { TokenSummary } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { SecretInput } from '../components/secret-input.js';
import { formatDateTime } from '../format/relative-time.js';

/**
 * Rotate: paste the new token → the core verifies it against the upstream → swaps it in.
 * The previous token stays in the keychain for a rollback window.
 */
export function RotatePanel({ token }: { readonly token: TokenSummary }) {
  const api = useApi();
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const rotate = async (event: FormEvent) => {
    event.preventDefault();
    if (secret === '') return;
    setBusy(true);
    setError(null);
    setDone(null);
    const result = await api['tokens:rotate']({ name: token.name, token: secret, verify: true });
    setSecret('');
    setBusy(false);
    if (result.ok) setDone(`Rotated: ${token.name} now uses ${result.value.masked}. Clients keep their URL.`);
    else setError(result.error);
  };

  const rollback = async () => {
    setBusy(true);
    const result = await api['tokens:rollback']({ name: token.name });
    setBusy(false);
    if (result.ok) setDone(`Rolled back: ${token.name} uses ${result.value.masked} again.`);
    else setError(result.error);
  };

  return (
    <section className="panel" aria-labelledby="rotate-title">
      <h2 id="rotate-title">Rotate token</h2>
      <form className="form" onSubmit={(event) => void rotate(event)}>
        <SecretInput
          label="New token"
          value={secret}
          onChange={setSecret}
          autoFocus
          hint="Keyport tests it against the server before swapping; on failure nothing changes."
        />
        <div className="row">
          <button type="submit" className="primary" disabled={secret === '' || busy}>
            Verify and swap
          </button>
          {token.previous && (
            <button type="button" disabled={busy} onClick={() => void rollback()}>
              Roll back to {token.previous.masked}
            </button>
          )}
        </div>
      </form>
      {busy && (
        <p role="status" className="muted">
          Verifying…
        </p>
      )}
      {done && (
        <p role="status" className="success">
          {done}
        </p>
      )}
      {token.previous && <p className="muted small">Rollback possible until {formatDateTime(token.previous.until)}.</p>}
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
