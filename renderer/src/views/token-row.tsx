import { useCallback } from 'react';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { useApi } from '../api-context.js';
import { ExpiryText } from '../components/expiry-text.js';
import { QuotaBar } from '../components/quota-bar.js';
import { Sparkline } from '../components/sparkline.js';
import { StatusChip } from '../components/status-chip.js';
import { formatAgo, hostOf } from '../format/relative-time.js';
import { useResult } from '../hooks/use-result.js';
import type { Navigate } from '../route.js';

/** One connection at a glance; the name opens its detail view. */
export function TokenRow(props: { readonly token: TokenSummary; readonly now: number; readonly navigate: Navigate }) {
  const { token, now } = props;
  const api = useApi();
  const loadDaily = useCallback(() => api['usage:daily']({ name: token.name, days: 30 }), [api, token.name]);
  const daily = useResult(loadDaily);
  return (
    <li className="token-row" aria-label={token.name}>
      <div className="token-main">
        <button
          type="button"
          className="link token-name"
          onClick={() => props.navigate({ view: 'token', name: token.name })}
        >
          {token.name}
        </button>
        <StatusChip status={token.status} />
        <span className="muted">{token.provider}</span>
        <code className="masked">{token.masked}</code>
        <span className="muted host">{hostOf(token.url)}</span>
      </div>
      <div className="token-facts">
        <ExpiryText expiresAt={token.expiresAt} now={now} />
        <span className="muted">
          {token.lastUsedAt ? `Last used ${formatAgo(token.lastUsedAt, now)}` : 'Never used'}
        </span>
        <QuotaBar quota={token.quota} label={token.name} />
        {daily.state === 'ok' && <Sparkline data={daily.value} label={`Calls to ${token.name}`} />}
      </div>
    </li>
  );
}
