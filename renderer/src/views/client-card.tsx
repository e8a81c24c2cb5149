import { useState } from 'react';
import type { ClientIntegration, ConnectPreview, ConnectResult } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { DiffView } from '../components/diff-view.js';
import { ErrorMessage } from '../components/error-message.js';

const STATE_LABEL: Record<ClientIntegration['state'], string> = {
  connected: 'Connected',
  'not-connected': 'Not connected',
  'config-not-found': 'Config not found',
};

/** One MCP client: its state, which connections to give it, a diff preview before writing, or the snippet to copy. */
export function ClientCard(props: {
  readonly client: ClientIntegration;
  readonly names: readonly string[];
  readonly onConnected: () => void;
}) {
  const { client } = props;
  const api = useApi();
  const [selected, setSelected] = useState<readonly string[]>(props.names);
  const [preview, setPreview] = useState<ConnectPreview | null>(null);
  const [result, setResult] = useState<ConnectResult | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const toggle = (name: string, on: boolean) => {
    setPreview(null);
    setSelected(on ? [...selected, name] : selected.filter((other) => other !== name));
  };
  const showPreview = async () => {
    setResult(null);
    const answer = await api['clients:preview']({ client: client.id, names: selected });
    setError(answer.ok ? null : answer.error);
    setPreview(answer.ok ? answer.value : null);
  };
  const write = async () => {
    const answer = await api['clients:connect']({ client: client.id, names: selected });
    setError(answer.ok ? null : answer.error);
    if (answer.ok) {
      setResult(answer.value);
      setPreview(null);
      props.onConnected();
    }
  };
  const copy = async () => {
    if (!preview) return;
    try {
      await navigator.clipboard.writeText(preview.snippet);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <li className="panel client-card" aria-label={client.label}>
      <header className="row">
        <h2>{client.label}</h2>
        <span className={`chip chip-client-${client.state}`}>{STATE_LABEL[client.state]}</span>
      </header>
      <p className="muted small">
        <code>{client.configPath}</code>
      </p>
      {client.connected.length > 0 && <p>Uses Keyport for: {client.connected.join(', ')}</p>}
      {props.names.length === 0 ? (
        <p className="muted">Add a token first; then Keyport can point {client.label} at it.</p>
      ) : (
        <>
          <fieldset className="names">
            <legend>Connections to give {client.label}</legend>
            {props.names.map((name) => (
              <label key={name} className="check">
                <input
                  type="checkbox"
                  checked={selected.includes(name)}
                  onChange={(event) => toggle(name, event.target.checked)}
                />
                {name}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <button type="button" disabled={selected.length === 0} onClick={() => void showPreview()}>
              Preview changes
            </button>
            {preview && (
              <>
                <button type="button" className="primary" onClick={() => void write()}>
                  Write config
                </button>
                <button type="button" onClick={() => void copy()}>
                  {copied ? 'Copied' : 'Copy snippet'}
                </button>
              </>
            )}
          </div>
        </>
      )}
      {preview && (
        <>
          <DiffView diff={preview.diff} label={`Changes to ${preview.configPath}`} />
          <details>
            <summary>Snippet to paste by hand</summary>
            <pre className="snippet">{preview.snippet}</pre>
          </details>
        </>
      )}
      {result && (
        <p role="status" className="success">
          {result.changed ? `Wrote ${result.configPath}` : `${result.configPath} was already up to date`}
          {result.backupPath ? ` (backup: ${result.backupPath})` : ''}. Restart {client.label} to pick it up.
        </p>
      )}
      {error && <ErrorMessage error={error} />}
    </li>
  );
}
