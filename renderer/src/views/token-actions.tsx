import { useState } from 'react';
import type { TokenSummary } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { ConfirmPanel } from '../components/confirm-panel.js';
import { ErrorMessage } from '../components/error-message.js';
import { TestOutcome, type TestState } from './test-connection.js';

/** Test now, pause/resume, rotate, remove (with confirmation). */
export function TokenActions(props: {
  readonly token: TokenSummary;
  readonly rotating: boolean;
  readonly onToggleRotate: () => void;
  readonly onChanged: () => Promise<void>;
  readonly onRemoved: () => void;
}) {
  const { token } = props;
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [test, setTest] = useState<TestState>({ state: 'idle' });
  const [copied, setCopied] = useState<string | null>(null);

  const runTest = async () => {
    setTest({ state: 'testing' });
    const result = await api['tokens:test']({ name: token.name });
    setTest(result.ok ? { state: 'passed', result: result.value } : { state: 'failed', error: result.error });
  };
  const setPaused = async (paused: boolean) => {
    const result = await api['tokens:set-paused']({ name: token.name, paused });
    setError(result.ok ? null : result.error);
    if (result.ok) await props.onChanged();
  };
  const copyUrl = async () => {
    const result = await api['proxy:copy-url']({ name: token.name });
    setError(result.ok ? null : result.error);
    setCopied(result.ok ? result.value : null);
  };
  const remove = async () => {
    const result = await api['tokens:remove']({ name: token.name });
    setConfirming(false);
    if (result.ok) props.onRemoved();
    else setError(result.error);
  };

  return (
    <div className="actions">
      <div className="row" role="toolbar" aria-label={`Actions for ${token.name}`}>
        <button type="button" onClick={() => void runTest()}>
          Test now
        </button>
        <button type="button" onClick={() => void setPaused(!token.paused)}>
          {token.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" aria-expanded={props.rotating} onClick={props.onToggleRotate}>
          Rotate…
        </button>
        <button type="button" onClick={() => void copyUrl()}>
          Copy local URL
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Remove…
        </button>
      </div>
      <TestOutcome test={test} />
      {copied && (
        <p role="status" className="muted">
          Copied <code>{copied}</code> — paste it into any MCP client; the token stays in the keychain.
        </p>
      )}
      {confirming && (
        <ConfirmPanel
          title={`Remove ${token.name}?`}
          confirmLabel={`Remove ${token.name}`}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            The token is deleted from the keychain and clients using its local URL stop working. This cannot be undone.
          </p>
        </ConfirmPanel>
      )}
      {error && <ErrorMessage error={error} />}
    </div>
  );
}
