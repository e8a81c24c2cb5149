import { useEffect, useRef, useState } from 'react';
import type {
  AttentionCode,
  ClientIntegration,
  ConnectPreview,
  ConnectResult,
  TokenSummary,
} from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/errors.js';
import { useApi } from '../api-context.js';
import { AttentionChip } from '../components/attention-chip.js';
import { DiffView } from '../components/diff-view.js';
import { ErrorMessage } from '../components/error-message.js';

/** Reasons a token would only hand a client failing calls: it cannot be given until fixed. */
const BLOCKING: readonly AttentionCode[] = ['expired', 'rejected', 'sign-in-needed', 'paused'];

function blockedBy(token: TokenSummary): string | null {
  const reason = token.attention.reasons.find((candidate) => BLOCKING.includes(candidate.code));
  return reason ? `${reason.label}: fix it first` : null;
}

/**
 * Which connections to give one client. It starts from what the client has (nothing ticked for a
 * client not yet connected); tokens that would only fail are disabled with the reason. Preview shows
 * the diff of the client's config; Write is below it.
 */
export function ConnectPanel(props: {
  readonly client: ClientIntegration;
  readonly tokens: readonly TokenSummary[];
  readonly onConnected: () => void;
  readonly onClose: () => void;
}) {
  const { client } = props;
  const api = useApi();
  const [selected, setSelected] = useState<readonly string[]>(client.connected);
  const [preview, setPreview] = useState<ConnectPreview | null>(null);
  const [result, setResult] = useState<ConnectResult | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const adding = selected.filter((name) => !client.connected.includes(name));

  const toggle = (name: string, on: boolean) => {
    setPreview(null);
    setResult(null);
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
    <section
      className="panel connect-panel"
      aria-labelledby="connect-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onClose();
      }}
    >
      <header className="row">
        <h2 id="connect-title" ref={heading} tabIndex={-1}>
          Connections for {client.label}
        </h2>
        <button type="button" className="link push-right" onClick={props.onClose}>
          Close
        </button>
      </header>
      {props.tokens.length === 0 ? (
        <p className="muted">Add a token first; then Keyport can point {client.label} at it.</p>
      ) : (
        <table className="pick">
          <caption className="visually-hidden">Connections to give {client.label}</caption>
          <thead>
            <tr>
              <th scope="col">Give</th>
              <th scope="col">Connection</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((token) => {
              const connected = client.connected.includes(token.name);
              const blocked = connected ? null : blockedBy(token);
              return (
                <tr key={token.name}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Give ${client.label} ${token.name}`}
                      checked={selected.includes(token.name)}
                      disabled={connected || blocked !== null}
                      onChange={(event) => toggle(token.name, event.target.checked)}
                    />
                  </td>
                  <td className="truncate" title={token.name}>
                    {token.name}
                  </td>
                  <td>
                    {connected ? (
                      <span className="muted">Already connected</span>
                    ) : blocked ? (
                      <span className="tone-danger">{blocked}</span>
                    ) : (
                      <AttentionChip attention={token.attention} />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="row">
        <button type="button" disabled={adding.length === 0} onClick={() => void showPreview()}>
          Preview changes
        </button>
        {adding.length === 0 && <span className="muted small">Tick a connection to add it.</span>}
      </div>
      {preview && (
        <>
          <DiffView diff={preview.diff} label={`Changes to ${preview.configPath}`} />
          <div className="row">
            <button type="button" className="primary" onClick={() => void write()}>
              Write config
            </button>
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy snippet'}
            </button>
          </div>
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
    </section>
  );
}
