import { useState, type FormEvent } from 'react';
import type { TokenSummary, UpdateTokenInput } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { ExpiryField } from '../components/expiry-field.js';
import { TextField } from '../components/text-field.js';

/** Edit expiry and the token's own monthly quota (empty quota removes it). */
export function EditTokenPanel({ token }: { readonly token: TokenSummary }) {
  const api = useApi();
  const [expires, setExpires] = useState('');
  const ownQuota = token.quota.account === null ? token.quota.limit : null;
  const [quota, setQuota] = useState(ownQuota === null ? '' : String(ownQuota));
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const input: UpdateTokenInput = {
      name: token.name,
      ...(expires !== '' ? { expires } : {}),
      ...(token.quota.account === null ? { quota: quota === '' ? null : Number(quota) } : {}),
    };
    const result = await api['tokens:update'](input);
    if (result.ok) {
      setError(null);
      setSaved(true);
    } else setError(result.error);
  };

  return (
    <section className="panel" aria-labelledby="edit-title">
      <h2 id="edit-title">Expiry and quota</h2>
      <form className="form" onSubmit={(event) => void save(event)}>
        <ExpiryField value={expires} onChange={setExpires} keepLabel="Keep current expiry" />
        {token.quota.account === null ? (
          <TextField
            label="Monthly quota (calls; empty for none)"
            type="number"
            min={1}
            value={quota}
            onChange={(event) => setQuota(event.target.value)}
          />
        ) : (
          <p className="muted">The quota is shared with account {token.quota.account}.</p>
        )}
        <div className="row">
          <button type="submit">Save changes</button>
          {saved && (
            <span role="status" className="success">
              Saved
            </span>
          )}
        </div>
      </form>
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
