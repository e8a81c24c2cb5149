import { useCallback } from 'react';
import type { AttentionReason, TokenSummary } from '../../../src/contract/dto.js';
import { appText } from '../../../src/core/app-wording.js';
import { useApi } from '../api-context.js';
import { AttentionChip } from '../components/attention-chip.js';
import { CallsThisPeriod } from '../components/calls-this-period.js';
import { ExpiryText } from '../components/expiry-text.js';
import { Sparkline } from '../components/sparkline.js';
import { assertNever } from '../../../src/errors.js';
import { formatAgo, formatDate, formatRelative, hostOf } from '../format/relative-time.js';
import { useResult } from '../hooks/use-result.js';
import type { Navigate } from '../route.js';
import { FixButton, primaryFix } from './token-fix.js';

const numbers = new Intl.NumberFormat('en');

/** Why, in a few words for a row ("HTTP 401 · 40 minutes ago"); the full sentence is its tooltip. */
export function reasonLine(reason: AttentionReason, token: TokenSummary, now: number): string {
  switch (reason.code) {
    case 'rejected':
    case 'unreachable':
    case 'sign-in-needed':
      return [reason.detail ? appText(reason.detail) : reason.label, reason.at ? formatAgo(reason.at, now) : null]
        .filter((part) => part !== null)
        .join(' · ');
    case 'expired':
    case 'expiring':
      return reason.at === null
        ? appText(reason.sentence)
        : `${reason.code === 'expired' ? 'Expired' : 'Expires'} ${formatRelative(reason.at, now)} · ${formatDate(reason.at)}`;
    case 'quota-used-up':
    case 'quota-high': {
      const { used, limit, account, resetsAt } = token.quota;
      const whose = account === null ? '' : ` by account ${account}`;
      const reset = resetsAt === null ? '' : ` · resets ${formatDate(resetsAt)}`;
      return `${numbers.format(used)} of ${numbers.format(limit ?? 0)} calls used${whose}${reset}`;
    }
    case 'paused':
      return 'Calls are refused until it is resumed';
    case 'rotation-due':
      return appText(reason.sentence);
    default:
      return assertNever(reason.code);
  }
}

/** One connection at a glance: name, what needs attention and why, the fix in place, calls this period. */
export function TokenRow(props: { readonly token: TokenSummary; readonly now: number; readonly navigate: Navigate }) {
  const { token, now, navigate } = props;
  const api = useApi();
  const loadDaily = useCallback(() => api['usage:daily']({ name: token.name, days: 30 }), [api, token.name]);
  const daily = useResult(loadDaily);
  const worst = token.attention.reasons[0];
  const fix = primaryFix(token);
  return (
    <li className={`token-row level-${token.attention.level}`} aria-label={token.name}>
      <div className="token-line">
        <button
          type="button"
          className="link token-name"
          title={token.name}
          onClick={() => navigate({ view: 'token', name: token.name })}
        >
          {token.name}
        </button>
        <AttentionChip attention={token.attention} />
        <span className="muted token-meta" title={`${token.provider} · ${token.masked} · ${hostOf(token.url)}`}>
          {token.provider} · <code className="masked">{token.masked}</code>
        </span>
        {fix && (
          <span className="token-fix">
            <FixButton
              token={token}
              fix={fix}
              onRotate={() => navigate({ view: 'token', name: token.name, panel: 'rotate' })}
            />
          </span>
        )}
      </div>
      <div className="token-line token-facts">
        {worst ? (
          <span
            className={`why tone-${worst.level === 'critical' ? 'danger' : 'warn'}`}
            title={appText(worst.sentence)}
          >
            {reasonLine(worst, token, now)}
          </span>
        ) : (
          <span className="why">
            <ExpiryText expiresAt={token.expiresAt} now={now} />
            <span className="muted">
              {' · '}
              {token.lastUsedAt ? `used ${formatAgo(token.lastUsedAt, now)}` : 'never used'}
            </span>
          </span>
        )}
        <CallsThisPeriod quota={token.quota} label={token.name} />
        {daily.state === 'ok' && <Sparkline data={daily.value} label={`Calls to ${token.name}`} />}
      </div>
    </li>
  );
}
