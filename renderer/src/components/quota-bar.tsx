import type { QuotaSummary } from '../../../src/contract/dto.js';
import { formatDate } from '../format/relative-time.js';

const numbers = new Intl.NumberFormat('en');

/** used / limit as a meter, with the reset date and what the provider itself last reported. */
export function QuotaBar({ quota, label }: { readonly quota: QuotaSummary; readonly label: string }) {
  const provider = quota.provider;
  const providerText =
    provider && provider.remaining !== null
      ? `Provider reports ${numbers.format(provider.remaining)}${provider.limit !== null ? ` of ${numbers.format(provider.limit)}` : ''} left`
      : null;
  if (quota.limit === null) {
    return (
      <div className="quota">
        <span className="muted">{numbers.format(quota.used)} calls · no quota set</span>
        {providerText && <span className="muted small">{providerText}</span>}
      </div>
    );
  }
  const ratio = Math.min(1, quota.used / quota.limit);
  const tone = ratio >= 1 ? 'danger' : ratio >= 0.8 ? 'warn' : 'ok';
  return (
    <div className="quota">
      <div className="quota-line">
        <meter
          className={`quota-meter tone-${tone}`}
          aria-label={`Quota used for ${label}`}
          min={0}
          max={quota.limit}
          low={quota.limit * 0.8}
          high={quota.limit * 0.99}
          optimum={0}
          value={Math.min(quota.used, quota.limit)}
        />
        <span className={`tone-${tone}`}>
          {numbers.format(quota.used)} / {numbers.format(quota.limit)}
        </span>
      </div>
      <span className="muted small">
        {quota.account ? `Shared with account ${quota.account} · ` : ''}
        {quota.resetsAt ? `resets on ${formatDate(quota.resetsAt)}` : ''}
      </span>
      {providerText && <span className="muted small">{providerText}</span>}
    </div>
  );
}
