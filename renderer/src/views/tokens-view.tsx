import { useState } from 'react';
import { ErrorMessage } from '../components/error-message.js';
import { ImportWarning } from '../components/import-warning.js';
import { SummaryBanner } from '../components/summary-banner.js';
import { useImportCandidates } from '../hooks/use-import-candidates.js';
import { useNow } from '../hooks/use-now.js';
import { useTokens } from '../hooks/use-tokens.js';
import type { Navigate } from '../route.js';
import { orderTokens } from '../tokens/token-order.js';
import { TokenRow } from './token-row.js';
import { TokensToolbar, type TokenListOptions } from './tokens-toolbar.js';

export function TokensView({ navigate }: { readonly navigate: Navigate }) {
  const tokens = useTokens();
  const candidates = useImportCandidates();
  const now = useNow();
  const [options, setOptions] = useState<TokenListOptions>({ query: '', show: 'all', sort: 'attention' });
  return (
    <section aria-labelledby="tokens-title">
      <header className="view-header">
        <h1 id="tokens-title">Tokens</h1>
        <button type="button" className="primary" onClick={() => navigate({ view: 'add' })}>
          Add token
        </button>
      </header>
      {candidates.state === 'ok' && (
        <ImportWarning candidates={candidates.value} onImport={() => navigate({ view: 'clients', panel: 'import' })} />
      )}
      {tokens.state === 'loading' && <p className="muted">Loading…</p>}
      {tokens.state === 'error' && <ErrorMessage error={tokens.error} />}
      {tokens.state === 'ok' && tokens.value.length === 0 && (
        <div className="empty">
          <h2>No tokens yet</h2>
          <p>
            Start by adding the token of a remote MCP server: paste it once, Keyport keeps it in your OS keychain and
            gives your MCP clients a local URL instead.
          </p>
          <p>Already pasted tokens into client configs? Import them from Connect clients.</p>
          <div className="row">
            <button type="button" className="primary" onClick={() => navigate({ view: 'add' })}>
              Add your first token
            </button>
            <button type="button" onClick={() => navigate({ view: 'clients', panel: 'import' })}>
              Import from clients
            </button>
          </div>
        </div>
      )}
      {tokens.state === 'ok' && tokens.value.length > 0 && (
        <>
          <SummaryBanner tokens={tokens.value} />
          <TokensToolbar options={options} onChange={setOptions} />
          <TokenList tokens={orderTokens(tokens.value, options)} now={now} navigate={navigate} />
        </>
      )}
    </section>
  );
}

function TokenList(props: {
  readonly tokens: ReturnType<typeof orderTokens>;
  readonly now: number;
  readonly navigate: Navigate;
}) {
  if (props.tokens.length === 0) return <p className="muted">No token matches the filter.</p>;
  return (
    <ul className="token-list" aria-label="Tokens">
      {props.tokens.map((token) => (
        <TokenRow key={token.name} token={token} now={props.now} navigate={props.navigate} />
      ))}
    </ul>
  );
}
