import type { TokenSummary } from '../../../src/contract/dto.js';
import { attentionSummary } from '../../../src/core/token-order.js';

/** "6 of 10 tokens need attention (2 critical, 4 warnings)." — the same line `keyport list` opens with. */
export function SummaryBanner({ tokens }: { readonly tokens: readonly TokenSummary[] }) {
  const level = tokens.some((token) => token.attention.level === 'critical')
    ? 'critical'
    : tokens.some((token) => token.attention.level === 'warning')
      ? 'warning'
      : 'ok';
  return (
    <p className={`banner banner-${level}`} role="status">
      {attentionSummary(tokens)}
    </p>
  );
}
