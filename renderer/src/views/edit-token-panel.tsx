import { useState, type FormEvent } from 'react';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { ErrorMessage } from '../components/error-message.js';
import { SavedStatus } from '../components/saved-status.js';
import { ExpiryField } from '../components/expiry-field.js';
import { TextField } from '../components/text-field.js';
import { useUpdateToken } from '../hooks/use-update-token.js';

/** Edit expiry and the token's own monthly quota (empty quota removes it). */
export function EditTokenPanel({ token }: { readonly token: TokenSummary }) {
  const { update, error, saved } = useUpdateToken();
  const [expires, setExpires] = useState('');
  const ownQuota = token.quota.account === null ? token.quota.limit : null;
  const [quota, setQuota] = useState(ownQuota === null ? '' : String(ownQuota));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    await update({
      name: token.name,
      ...(expires !== '' ? { expires } : {}),
      ...(token.quota.account === null ? { quota: quota === '' ? null : Number(quota) } : {}),
    });
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
          <SavedStatus saved={saved} />
        </div>
      </form>
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
