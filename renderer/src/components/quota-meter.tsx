import type { QuotaSummary } from '../../../src/contract/dto.js';
import { quotaPercent } from '../../../src/core/attention.js';

export type QuotaTone = 'ok' | 'warn' | 'danger';

/** Red once used up, amber from 80 %. */
export function quotaTone(quota: Pick<QuotaSummary, 'limit' | 'used'>): QuotaTone {
  const percent = quotaPercent(quota);
  return percent >= 100 ? 'danger' : percent >= 80 ? 'warn' : 'ok';
}

/** used / limit as a <meter> (a quota is required: `limit` not null). */
export function QuotaMeter(props: {
  readonly used: number;
  readonly limit: number;
  readonly label: string;
  readonly wide?: boolean;
}) {
  const { used, limit } = props;
  return (
    <meter
      className={`quota-meter${props.wide ? ' wide' : ''} tone-${quotaTone({ used, limit })}`}
      aria-label={props.label}
      min={0}
      max={limit}
      low={limit * 0.8}
      high={limit * 0.99}
      optimum={0}
      value={Math.min(used, limit)}
    />
  );
}
