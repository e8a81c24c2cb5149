import type { QuotaSummary } from '../../../src/contract/dto.js';
import { QuotaMeter, quotaTone } from './quota-meter.js';

const numbers = new Intl.NumberFormat('en');

/** A row's calls this period: used / limit as a meter with a quota, else the count alone. */
export function CallsThisPeriod({ quota, label }: { readonly quota: QuotaSummary; readonly label: string }) {
  if (quota.limit === null) {
    return (
      <span className="calls muted">
        {quota.used === 0 ? 'No calls this period' : `${numbers.format(quota.used)} calls this period`}
      </span>
    );
  }
  return (
    <span className="calls quota-line">
      <QuotaMeter used={quota.used} limit={quota.limit} label={`Quota used for ${label}`} />
      <span className={`tone-${quotaTone(quota)}`}>
        {numbers.format(quota.used)} / {numbers.format(quota.limit)}
      </span>
    </span>
  );
}
