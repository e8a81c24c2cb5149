import { useCallback, useState } from 'react';
import type { ToolPolicyView, ToolRuleChangeInput } from '../../../src/contract/dto.js';
import { appText } from '../../../src/core/app-wording.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { formatAgo } from '../format/relative-time.js';
import { useNow } from '../hooks/use-now.js';
import { useResult } from '../hooks/use-result.js';
import { ToolsTable } from './tools-table.js';

/** Where the list came from, in words. */
function Source({ view, now }: { readonly view: ToolPolicyView; readonly now: number }) {
  const count = `${view.tools.length} tool${view.tools.length === 1 ? '' : 's'}${view.serverName ? ` of ${view.serverName}` : ''}`;
  if (view.source === 'none') return <p className="muted">No tools listed yet.</p>;
  const when = view.source === 'live' ? 'just now' : formatAgo(view.listedAt!, now);
  if (view.problem === null) return <p className="muted">{`${count}, listed ${when}.`}</p>;
  return (
    <div role="status" className="callout callout-warning">
      <p>
        The server could not be asked for its tools: {appText(view.problem)} Showing the {count} listed {when}.
      </p>
    </div>
  );
}

/** The rules in words: all clients', then each client with its own. */
function Rules({ view }: { readonly view: ToolPolicyView }) {
  const own = view.clients.filter((client) => client.rule !== null);
  return (
    <ul className="tool-rules">
      <li>
        <strong>All clients:</strong> {view.rule?.text ?? 'every tool'}
        {own.length > 0 && <span className="muted"> (clients without a rule of their own)</span>}
      </li>
      {own.map((client) => (
        <li key={client.name}>
          <strong>{client.name}:</strong> {client.rule!.text}
        </li>
      ))}
    </ul>
  );
}

/** Presets for one scope: read-only tools only, or back to the default. */
function Presets(props: {
  readonly view: ToolPolicyView;
  readonly busy: boolean;
  readonly onChange: (client: string | null, change: ToolRuleChangeInput) => void;
}) {
  const [scope, setScope] = useState('');
  const client = scope === '' ? null : scope;
  return (
    <div className="toolbar tool-presets">
      <label className="row">
        Preset for
        <select value={scope} onChange={(event) => setScope(event.target.value)}>
          <option value="">All clients</option>
          {props.view.clients.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {candidate.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={props.busy} onClick={() => props.onChange(client, { kind: 'read-only' })}>
        Read-only tools only
      </button>
      <button type="button" disabled={props.busy} onClick={() => props.onChange(client, { kind: 'reset' })}>
        {client === null ? 'Allow every tool' : 'Follow all clients'}
      </button>
    </div>
  );
}

/**
 * The Tools tab of a token: its server's tools (listed live when the tab opens, the last list when
 * the server cannot be reached), a switch per tool for all clients and per client, and presets.
 * Keyport hides a denied tool from a client's tool list and answers its calls itself.
 */
export function ToolsPanel({ name }: { readonly name: string }) {
  const api = useApi();
  const now = useNow();
  const load = useCallback(() => api['tools:view']({ name, live: true }), [api, name]);
  const view = useResult(load);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<ErrorInfo | null>(null);
  const change = async (client: string | null, change: ToolRuleChangeInput) => {
    setBusy(true);
    setFailed(null);
    const result = await api['tools:change']({ name, client, change });
    setBusy(false);
    if (result.ok) view.replace(result.value);
    else setFailed(result.error);
  };

  if (view.state === 'loading') return <p className="muted">Asking {name} for its tools…</p>;
  if (view.state === 'error') {
    return (
      <ErrorMessage error={view.error}>
        <button type="button" onClick={() => void view.reload()}>
          Try again
        </button>
      </ErrorMessage>
    );
  }
  return (
    <div className="tools-panel">
      <div className="row tools-head">
        <Source view={view.value} now={now} />
        <button type="button" disabled={busy} onClick={() => void view.reload()}>
          List again
        </button>
      </div>
      <p className="muted small">
        A denied tool is left out of a client’s tool list, and Keyport answers its calls itself: nothing reaches the
        server. Annotations are what the server says of its tools.
      </p>
      <Rules view={view.value} />
      <Presets view={view.value} busy={busy} onChange={(client, preset) => void change(client, preset)} />
      {failed && <ErrorMessage error={failed} />}
      {view.value.tools.length > 0 && (
        <ToolsTable
          view={view.value}
          busy={busy}
          onSwitch={(client, tool, allowed) => void change(client, { kind: allowed ? 'allow' : 'deny', tools: [tool] })}
        />
      )}
    </div>
  );
}
