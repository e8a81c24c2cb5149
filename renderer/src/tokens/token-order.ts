import type { TokenSummary } from '../../../src/contract/dto.js';
import { sortTokens, type TokenSortKey } from '../../../src/core/token-order.js';
import { hostOf } from '../format/relative-time.js';

export type { TokenSortKey };
/** Which tokens to show: all, those that need attention (any level), or only the fine ones. */
export type ShowFilter = 'all' | 'attention' | 'critical' | 'ok';

function shown(token: TokenSummary, show: ShowFilter): boolean {
  switch (show) {
    case 'all':
      return true;
    case 'attention':
      return token.attention.level !== 'ok';
    case 'critical':
      return token.attention.level === 'critical';
    case 'ok':
      return token.attention.level === 'ok';
  }
}

/** Filters by free text (name, provider, host) and attention, then sorts with the core's order (as `keyport list`). */
export function orderTokens(
  tokens: readonly TokenSummary[],
  options: { readonly query: string; readonly show: ShowFilter; readonly sort: TokenSortKey },
): TokenSummary[] {
  const query = options.query.trim().toLowerCase();
  const kept = tokens
    .filter((token) => shown(token, options.show))
    .filter(
      (token) =>
        query === '' ||
        [token.name, token.provider, hostOf(token.url)].some((field) => field.toLowerCase().includes(query)),
    );
  return sortTokens(kept, options.sort);
}
