import type { TokenSummary } from '../../../src/contract/dto.js';
import { quotaPercent } from '../../../src/core/attention.js';
import { quotaPace } from '../../../src/tokens/quota-pace.js';
import { QuotaMeter, quotaTone } from '../components/quota-meter.js';
import { formatDate } from '../format/relative-time.js';

const numbers = new Intl.NumberFormat('en');

function paceText(token: TokenSummary, now: number): string | null {
  const pace = quotaPace(token.quota, new Date(now));
  switch (pace.state) {
    case 'runs-out':
      return new Date(now).toDateString() === pace.at.toDateString()
        ? 'At this pace it runs out today.'
        : `At this pace it runs out around ${formatDate(pace.at.toISOString())}.`;
    case 'lasts':
      return 'At this pace it lasts until the reset.';
    case 'used-up':
      return 'Used up: calls are counted over the quota until the reset.';
    case 'idle':
    case 'no-quota':
      return null;
  }
}

/** The quota at a glance: left, when it resets, when it runs out at this pace; a shared account's total. */
export function QuotaCard({ token, now }: { readonly token: TokenSummary; readonly now: number }) {
  const { quota } = token;
  if (quota.limit === null) {
    return (
      <section className="panel quota-card" aria-labelledby="quota-title">
        <h2 id="quota-title">Calls this period</h2>
        <p className="big-number">{numbers.format(quota.used)}</p>
        <p className="muted small">No quota set: add one under “Expiry and quota” to be warned before it runs out.</p>
      </section>
    );
  }
  const percent = Math.floor(quotaPercent(quota));
  const left = Math.max(0, quota.limit - quota.used);
  const tone = quotaTone(quota);
  const pace = paceText(token, now);
  return (
    <section className="panel quota-card" aria-labelledby="quota-title">
      <h2 id="quota-title">{quota.account ? `Quota of account ${quota.account}` : 'Quota'}</h2>
      <p className={`big-number tone-${tone}`}>{numbers.format(left)} left</p>
      <QuotaMeter used={quota.used} limit={quota.limit} label={`Quota used: ${percent} %`} wide />
      <p className="small">
        {numbers.format(quota.used)} of {numbers.format(quota.limit)} calls used ({percent} %)
        {quota.account ? ' by all tokens of the account' : ''}
        {quota.resetsAt ? ` · resets on ${formatDate(quota.resetsAt)}` : ''}
      </p>
      {pace && <p className="small">{pace}</p>}
      {quota.provider && quota.provider.remaining !== null && (
        <p className="muted small">
          The provider reports {numbers.format(quota.provider.remaining)}
          {quota.provider.limit !== null ? ` of ${numbers.format(quota.provider.limit)}` : ''} left.
        </p>
      )}
    </section>
  );
}
