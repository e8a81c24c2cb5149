import { useState, type FormEvent } from 'react';
import type { AddTokenInput } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { ExpiryField } from '../components/expiry-field.js';
import { SecretInput } from '../components/secret-input.js';
import { TextField } from '../components/text-field.js';
import type { Navigate } from '../route.js';
import { detectProvider } from '../tokens/detect-provider.js';
import { TestOutcome, type TestState } from './test-connection.js';

/** Paste a token, test it against its server, save it. The token field is cleared after every submit. */
export function AddTokenView({ navigate }: { readonly navigate: Navigate }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [expires, setExpires] = useState('90d');
  const [quota, setQuota] = useState('');
  const [resetDay, setResetDay] = useState('1');
  const [skipTest, setSkipTest] = useState(false);
  const [test, setTest] = useState<TestState>({ state: 'idle' });
  const [saveError, setSaveError] = useState<ErrorInfo | null>(null);
  const [saving, setSaving] = useState(false);
  const detected = detectProvider(token, url);
  const canSave = name !== '' && url !== '' && token !== '' && (test.state === 'passed' || skipTest) && !saving;

  const changeSecretOrUrl = (apply: () => void) => {
    apply();
    setTest({ state: 'idle' });
  };

  const runTest = async () => {
    setTest({ state: 'testing' });
    const result = await api['tokens:test']({ url, token });
    setTest(result.ok ? { state: 'passed', result: result.value } : { state: 'failed', error: result.error });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSave) return;
    setSaving(true);
    const input: AddTokenInput = {
      name,
      url,
      token,
      expires,
      // The test above already verified this exact token and URL (or the user chose to skip it).
      verify: false,
      ...(quota !== '' ? { quota: Number(quota), resetDay: Number(resetDay) } : {}),
    };
    const result = await api['tokens:add'](input);
    setToken('');
    setTest({ state: 'idle' });
    setSaving(false);
    if (result.ok) navigate({ view: 'token', name: result.value.name });
    else setSaveError(result.error);
  };

  return (
    <section aria-labelledby="add-title">
      <header className="view-header">
        <h1 id="add-title">Add token</h1>
      </header>
      <form className="form" onSubmit={(event) => void save(event)}>
        <TextField
          label="Name"
          required
          value={name}
          pattern="[a-z0-9][a-z0-9\-]{0,62}"
          hint="Lowercase letters, digits and dashes; it becomes part of the local URL."
          onChange={(event) => setName(event.target.value.trim())}
        />
        <TextField
          label="Upstream URL"
          type="url"
          required
          placeholder="https://mcp.example.com/mcp"
          value={url}
          onChange={(event) => changeSecretOrUrl(() => setUrl(event.target.value.trim()))}
        />
        <SecretInput
          label="Token"
          value={token}
          onChange={(value) => changeSecretOrUrl(() => setToken(value))}
          hint="Stored in your OS keychain; Keyport only ever shows its first characters and last 4."
        />
        {detected && (
          <p className="muted" aria-live="polite">
            Detected: <strong>{detected.provider}</strong> · {detected.description}
          </p>
        )}
        <ExpiryField value={expires} onChange={setExpires} />
        <div className="row">
          <TextField
            label="Monthly quota (calls, optional)"
            type="number"
            min={1}
            value={quota}
            onChange={(event) => setQuota(event.target.value)}
          />
          <TextField
            label="Quota resets on day"
            type="number"
            min={1}
            max={28}
            value={resetDay}
            disabled={quota === ''}
            onChange={(event) => setResetDay(event.target.value)}
          />
        </div>
        <div className="row">
          <button
            type="button"
            disabled={url === '' || token === '' || test.state === 'testing'}
            onClick={() => void runTest()}
          >
            Test connection
          </button>
          <label className="check">
            <input type="checkbox" checked={skipTest} onChange={(event) => setSkipTest(event.target.checked)} />
            Save without a passed test
          </label>
        </div>
        <TestOutcome test={test} />
        {saveError && <ErrorMessage error={saveError} />}
        <div className="row">
          <button type="submit" className="primary" disabled={!canSave}>
            Save token
          </button>
          <button type="button" onClick={() => navigate({ view: 'tokens' })}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
