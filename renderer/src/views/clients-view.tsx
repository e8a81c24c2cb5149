import { useCallback, useState } from 'react';
import type { ClientIntegration, ImportCandidate } from '../../../src/contract/dto.js';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { ImportWarning } from '../components/import-warning.js';
import { useImportCandidates } from '../hooks/use-import-candidates.js';
import { useResult } from '../hooks/use-result.js';
import { useTokens } from '../hooks/use-tokens.js';
import { ConnectPanel } from './connect-panel.js';
import { ImportPanel } from './import-panel.js';

/** The end of a config path ("…/Claude/claude_desktop_config.json"); the whole path is the tooltip. */
function shortPath(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part !== '');
  return parts.length <= 2 ? path : `…/${parts.slice(-2).join('/')}`;
}

const STATE_LABEL: Record<ClientIntegration['state'], string> = {
  connected: 'Connected',
  'not-connected': 'Not connected',
  'config-not-found': 'Config not found',
};

/** Each MCP client in one compact table, what it already has first; a plaintext token found in one comes before all. */
export function ClientsView({ importOpen }: { readonly importOpen: boolean }) {
  const api = useApi();
  const load = useCallback(() => api['clients:list'](), [api]);
  const clients = useResult(load);
  const tokens = useTokens();
  const candidates = useImportCandidates();
  const [importing, setImporting] = useState(importOpen);
  const [chosen, setChosen] = useState<string | null>(null);
  const found = candidates.state === 'ok' ? candidates.value : [];
  const selected = clients.state === 'ok' ? clients.value.find((client) => client.id === chosen) : undefined;
  const plaintextIn = (client: string) => found.filter((candidate: ImportCandidate) => candidate.client === client);
  return (
    <section aria-labelledby="clients-title">
      <header className="view-header">
        <h1 id="clients-title">Connect clients</h1>
      </header>
      <p className="muted">
        Clients get a local URL and a local key that is worthless off this machine; the real token stays in the
        keychain.
      </p>
      {!importing && <ImportWarning candidates={found} expanded={false} onImport={() => setImporting(true)} />}
      {candidates.state === 'error' && <ErrorMessage error={candidates.error} />}
      {importing && candidates.state === 'ok' && (
        <ImportPanel
          candidates={found}
          onClose={() => setImporting(false)}
          onImported={() => {
            void tokens.reload();
            void clients.reload();
            void candidates.reload();
          }}
        />
      )}
      {clients.state === 'error' && <ErrorMessage error={clients.error} />}
      {clients.state === 'ok' && (
        <table className="clients">
          <caption className="visually-hidden">MCP clients on this machine</caption>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">State</th>
              <th scope="col">Uses Keyport for</th>
              <th scope="col" className="action">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {clients.value.map((client) => {
              const plaintext = plaintextIn(client.id).length;
              return (
                <tr key={client.id} aria-label={client.label}>
                  <th scope="row">
                    {client.label}
                    <span className="muted small block truncate" title={client.configPath}>
                      {shortPath(client.configPath)}
                    </span>
                  </th>
                  <td className="wrap">
                    <span className={`chip chip-client-${client.state}`}>{STATE_LABEL[client.state]}</span>
                    {plaintext > 0 && <span className="chip chip-warning">Plaintext token</span>}
                  </td>
                  <td className="truncate" title={client.connected.join(', ')}>
                    {client.connected.length > 0 ? (
                      `${client.connected.length} · ${client.connected.join(', ')}`
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="action">
                    <button
                      type="button"
                      aria-expanded={chosen === client.id}
                      aria-label={`Choose connections for ${client.label}`}
                      onClick={() => setChosen(chosen === client.id ? null : client.id)}
                    >
                      Choose connections…
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {selected && tokens.state === 'ok' && (
        <ConnectPanel
          key={selected.id}
          client={selected}
          tokens={tokens.value}
          onConnected={() => void clients.reload()}
          onClose={() => setChosen(null)}
        />
      )}
    </section>
  );
}
