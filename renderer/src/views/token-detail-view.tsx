import { useCallback, useState } from 'react';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { appText } from '../../../src/core/app-wording.js';
import { useApi } from '../api-context.js';
import { AttentionChip } from '../components/attention-chip.js';
import { AuditTable } from '../components/audit-table.js';
import { ErrorMessage } from '../components/error-message.js';
import { ExpiryText } from '../components/expiry-text.js';
import { TabList } from '../components/tab-list.js';
import { UsageCharts } from '../components/usage-charts.js';
import { formatAgo } from '../format/relative-time.js';
import { useAudit } from '../hooks/use-audit.js';
import { useNow } from '../hooks/use-now.js';
import { useResult } from '../hooks/use-result.js';
import { useTokens } from '../hooks/use-tokens.js';
import type { Navigate } from '../route.js';
import { AttentionCallout } from './attention-callout.js';
import { CredentialPanel } from './credential-panel.js';
import { EditTokenPanel } from './edit-token-panel.js';
import { OAuthPanel } from './oauth-panel.js';
import { QuotaCard } from './quota-card.js';
import { RotatePanel } from './rotate-panel.js';
import { TokenActions } from './token-actions.js';
import { ToolsPanel } from './tools-panel.js';

type DetailTab = 'overview' | 'tools';
const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'tools', label: 'Tools' },
] as const;

export function TokenDetailView(props: {
  readonly name: string;
  readonly rotate: boolean;
  readonly navigate: Navigate;
}) {
  const tokens = useTokens();
  if (tokens.state === 'loading') return <p className="muted">Loading…</p>;
  if (tokens.state === 'error') return <ErrorMessage error={tokens.error} />;
  const token = tokens.value.find((candidate) => candidate.name === props.name);
  if (!token) {
    return (
      <section>
        <h1>{props.name}</h1>
        <p>This token no longer exists.</p>
        <button type="button" onClick={() => props.navigate({ view: 'tokens' })}>
          Back to tokens
        </button>
      </section>
    );
  }
  return <TokenDetail token={token} rotate={props.rotate} navigate={props.navigate} onChanged={tokens.reload} />;
}

/** The last check, in words: verified (with the server's name), rejected, unreachable, or not yet. */
function lastCheck(token: TokenSummary, now: number): string {
  const health = token.health;
  if (health === null) return 'Not checked yet';
  const when = formatAgo(health.checkedAt, now);
  switch (health.state) {
    case 'ok':
      return `Verified ${when}${health.detail ? ` (${health.detail})` : ''}`;
    case 'rejected':
      return `Rejected by the server ${when}`;
    case 'unreachable':
      return `Could not reach the server ${when}`;
    case 'unknown':
      return `Could not be checked ${when}${health.detail ? ` (${appText(health.detail)})` : ''}`;
  }
}

function TokenDetail(props: {
  readonly token: TokenSummary;
  readonly rotate: boolean;
  readonly navigate: Navigate;
  readonly onChanged: () => Promise<void>;
}) {
  const { token } = props;
  const api = useApi();
  const now = useNow();
  const [rotating, setRotating] = useState(props.rotate);
  const [tab, setTab] = useState<DetailTab>('overview');
  const loadDaily = useCallback(() => api['usage:daily']({ name: token.name, days: 30 }), [api, token.name]);
  const daily = useResult(loadDaily);
  const recent = useAudit({ connection: token.name, limit: 20 });
  return (
    <section aria-labelledby="detail-title">
      <header className="view-header">
        <button type="button" className="link" onClick={() => props.navigate({ view: 'tokens' })}>
          ← Tokens
        </button>
        <h1 id="detail-title" className="truncate" title={token.name}>
          {token.name}
        </h1>
        <AttentionChip attention={token.attention} />
      </header>
      <AttentionCallout
        token={token}
        onRotate={() => {
          setTab('overview');
          setRotating(true);
        }}
      />
      <TabList label={`${token.name} sections`} idPrefix="detail" tabs={TABS} selected={tab} onSelect={setTab} />
      {tab === 'tools' && (
        <div role="tabpanel" id="detail-tools-panel" aria-labelledby="detail-tools-tab" className="tab-panel">
          <ToolsPanel name={token.name} />
        </div>
      )}
      {tab === 'overview' && (
        <div role="tabpanel" id="detail-overview-panel" aria-labelledby="detail-overview-tab" className="tab-panel">
          <div className="detail-grid">
            <dl className="facts">
              <dt>Provider</dt>
              <dd>
                {token.provider} <span className="muted">({token.kind})</span>
              </dd>
              <dt>Token</dt>
              <dd>
                <code className="masked">{token.masked}</code>{' '}
                <span className="muted">set {formatAgo(token.tokenSetAt, now)}</span>
                {token.rotationDue && <span className="tone-warn"> · rotation due</span>}
              </dd>
              <dt>Upstream</dt>
              <dd>{token.url}</dd>
              <dt>Expiry</dt>
              <dd>
                <ExpiryText expiresAt={token.expiresAt} now={now} />
              </dd>
              <dt>Last used</dt>
              <dd>{token.lastUsedAt ? formatAgo(token.lastUsedAt, now) : 'Never'}</dd>
              <dt>Last check</dt>
              <dd>{lastCheck(token, now)}</dd>
            </dl>
            <QuotaCard token={token} now={now} />
          </div>
          <OAuthPanel token={token} now={now} />
          <TokenActions
            token={token}
            rotating={rotating}
            onToggleRotate={() => setRotating(!rotating)}
            onChanged={props.onChanged}
            onRemoved={() => props.navigate({ view: 'tokens' })}
          />
          {rotating && <RotatePanel token={token} />}
          <section className="panel" aria-labelledby="usage-title">
            <h2 id="usage-title">Calls per day</h2>
            {daily.state === 'ok' && <UsageCharts days={daily.value} quota={token.quota} name={token.name} />}
            {daily.state === 'error' && <ErrorMessage error={daily.error} />}
          </section>
          <section className="panel" aria-labelledby="recent-title">
            <h2 id="recent-title">Recent calls</h2>
            {recent.state === 'ok' && (
              <AuditTable entries={recent.value} caption={`Recent calls to ${token.name}`} showConnection={false} />
            )}
            {recent.state === 'error' && <ErrorMessage error={recent.error} />}
          </section>
          <EditTokenPanel key={`${token.expiresAt}-${token.quota.limit}`} token={token} />
          <CredentialPanel
            key={`${JSON.stringify(token.headers)}-${token.queryParam}-${token.tokenCommand?.line}-${token.tokenCommand?.ttlSeconds}`}
            token={token}
          />
        </div>
      )}
    </section>
  );
}
