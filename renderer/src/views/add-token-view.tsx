import { useState, type FormEvent } from 'react';
import type { AddTokenInput } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { validateName, validateUpstreamUrl } from '../../../src/core/validate-input.js';
import { isKeyportError } from '../../../src/errors.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { ExpiryField } from '../components/expiry-field.js';
import { SecretInput } from '../components/secret-input.js';
import { TextField } from '../components/text-field.js';
import { useTokens } from '../hooks/use-tokens.js';
import type { Navigate } from '../route.js';
import { detectProvider } from '../tokens/detect-provider.js';
import { suggestName } from '../tokens/name-suggestion.js';
import { TestOutcome, type TestState } from './test-connection.js';

/** The core's own rule, checked while typing: its message, or null when the value is fine. */
function problem(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    return isKeyportError(error) ? error.message : 'Not valid.';
  }
}

/**
 * Paste a token, test it against its server, save it. Name and URL are checked while typing; the
 * pasted token stays until it is saved or the form is left, so a failed save loses nothing.
 */
export function AddTokenView({ navigate }: { readonly navigate: Navigate }) {
  const api = useApi();
  const tokens = useTokens();
  const taken = tokens.state === 'ok' ? tokens.value.map((token) => token.name) : [];
  const [typedName, setTypedName] = useState<string | null>(null);
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
  const suggested = detected ? suggestName(detected.provider, taken) : null;
  const shownName = typedName ?? suggested ?? '';
  const name = shownName.trim();
  const duplicate = taken.includes(name);
  const nameProblem = name === '' ? null : duplicate ? `“${name}” already exists.` : problem(() => validateName(name));
  const urlProblem = url === '' ? null : problem(() => validateUpstreamUrl(url));
  const canSave =
    name !== '' &&
    nameProblem === null &&
    url !== '' &&
    urlProblem === null &&
    token !== '' &&
    (test.state === 'passed' || skipTest) &&
    !saving;

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
    setSaving(false);
    if (result.ok) {
      setToken('');
      navigate({ view: 'token', name: result.value.name });
    } else setSaveError(result.error);
  };

  const rotateInstead = (existing: string) => (
    <button type="button" onClick={() => navigate({ view: 'token', name: existing, panel: 'rotate' })}>
      Rotate {existing} instead
    </button>
  );

  return (
    <section aria-labelledby="add-title">
      <header className="view-header">
        <h1 id="add-title">Add token</h1>
      </header>
      <form className="form" onSubmit={(event) => void save(event)} noValidate>
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
        <TextField
          label="Upstream URL"
          type="url"
          required
          placeholder="https://mcp.example.com/mcp"
          value={url}
          error={urlProblem}
          onChange={(event) => changeSecretOrUrl(() => setUrl(event.target.value.trim()))}
        />
        <TextField
          label="Name"
          required
          value={shownName}
          error={nameProblem}
          hint={
            typedName === null && suggested
              ? 'Suggested from the provider; lowercase letters, digits and dashes. It becomes part of the local URL.'
              : 'Lowercase letters, digits and dashes; it becomes part of the local URL.'
          }
          onChange={(event) => setTypedName(event.target.value)}
        />
        {duplicate && <div className="row">{rotateInstead(name)}</div>}
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
            disabled={url === '' || urlProblem !== null || token === '' || test.state === 'testing'}
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
        {saveError && (
          <ErrorMessage error={saveError}>
            {saveError.code === 'NAME_TAKEN' && <div className="row">{rotateInstead(name)}</div>}
          </ErrorMessage>
        )}
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
