import type { TokenStatus, TokenSummary } from '../../../src/contract/dto.js';
import { hostOf } from '../format/relative-time.js';

export type TokenSortKey = 'name' | 'expiry' | 'last-used' | 'quota';
export type StatusFilter = 'all' | TokenStatus;

const FAR_FUTURE = Number.MAX_SAFE_INTEGER;

function quotaRatio(token: TokenSummary): number {
  return token.quota.limit ? token.quota.used / token.quota.limit : -1;
}

function time(iso: string | null, missing: number): number {
  return iso === null ? missing : new Date(iso).getTime();
}

const COMPARE: Record<TokenSortKey, (a: TokenSummary, b: TokenSummary) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  expiry: (a, b) => time(a.expiresAt, FAR_FUTURE) - time(b.expiresAt, FAR_FUTURE),
  'last-used': (a, b) => time(b.lastUsedAt, -1) - time(a.lastUsedAt, -1),
  quota: (a, b) => quotaRatio(b) - quotaRatio(a),
};

/** Filters by free text (name, provider, host) and status, then sorts; ties fall back to the name. */
export function orderTokens(
  tokens: readonly TokenSummary[],
  options: { readonly query: string; readonly status: StatusFilter; readonly sort: TokenSortKey },
): TokenSummary[] {
  const query = options.query.trim().toLowerCase();
  return tokens
    .filter((token) => options.status === 'all' || token.status === options.status)
    .filter(
      (token) =>
        query === '' ||
        [token.name, token.provider, hostOf(token.url)].some((field) => field.toLowerCase().includes(query)),
    )
    .sort((a, b) => COMPARE[options.sort](a, b) || a.name.localeCompare(b.name));
}
