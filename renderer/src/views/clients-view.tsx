import { useCallback } from 'react';
import { useApi } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { useResult } from '../hooks/use-result.js';
import { useTokens } from '../hooks/use-tokens.js';
import { ClientCard } from './client-card.js';
import { ImportPanel } from './import-panel.js';

export function ClientsView() {
  const api = useApi();
  const load = useCallback(() => api['clients:list'](), [api]);
  const clients = useResult(load);
  const tokens = useTokens();
  const names = tokens.state === 'ok' ? tokens.value.map((token) => token.name) : [];
  return (
    <section aria-labelledby="clients-title">
      <header className="view-header">
        <h1 id="clients-title">Connect clients</h1>
      </header>
      <p className="muted">
        Clients get a local URL and a local key that is worthless off this machine; the real token stays in the
        keychain.
      </p>
      {clients.state === 'error' && <ErrorMessage error={clients.error} />}
      {clients.state === 'ok' && tokens.state === 'ok' && (
        <ul className="plain client-list">
          {clients.value.map((client) => (
            <ClientCard
              key={`${client.id}:${names.join(',')}`}
              client={client}
              names={names}
              onConnected={() => void clients.reload()}
            />
          ))}
        </ul>
      )}
      <ImportPanel
        onImported={() => {
          void tokens.reload();
          void clients.reload();
        }}
      />
    </section>
  );
}
