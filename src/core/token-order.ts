/**
 * Which token comes first, and the one line that counts what needs attention — the same for
 * `keyport list`, the tray menu and the Tokens view. Pure (no Node), so the renderer imports it.
 */
import type { Attention, AttentionLevel, TokenSummary } from '../contract/dto.js';
import { ATTENTION_ORDER, quotaPercent } from './attention.js';

export const TOKEN_SORT_KEYS = ['attention', 'name', 'expiry', 'last-used', 'quota'] as const;
export type TokenSortKey = (typeof TOKEN_SORT_KEYS)[number];

type Sortable = Pick<TokenSummary, 'name' | 'attention' | 'expiresAt' | 'lastUsedAt' | 'quota'>;

const LEVEL_RANK: Record<AttentionLevel, number> = { critical: 0, warning: 1, ok: 2 };

function time(iso: string | null, missing: number): number {
  return iso === null ? missing : Date.parse(iso);
}

/** The quota share used, -1 without a quota (so tokens with one sort first). */
function quotaShare(token: Sortable): number {
  return token.quota.limit === null ? -1 : quotaPercent(token.quota);
}

function byExpiry(a: Sortable, b: Sortable): number {
  return time(a.expiresAt, Number.MAX_SAFE_INTEGER) - time(b.expiresAt, Number.MAX_SAFE_INTEGER);
}

/** Worst level first; then the worse reasons (compared in order); then the sooner expiry, the fuller quota. */
export function compareAttention(a: Sortable, b: Sortable): number {
  const level = LEVEL_RANK[a.attention.level] - LEVEL_RANK[b.attention.level];
  if (level !== 0) return level;
  const length = Math.max(a.attention.reasons.length, b.attention.reasons.length);
  for (let index = 0; index < length; index += 1) {
    const left = a.attention.reasons[index];
    const right = b.attention.reasons[index];
    if (left === undefined || right === undefined) return left === undefined ? 1 : -1;
    const order = ATTENTION_ORDER.indexOf(left.code) - ATTENTION_ORDER.indexOf(right.code);
    if (order !== 0) return order;
  }
  return byExpiry(a, b) || quotaShare(b) - quotaShare(a);
}

const COMPARE: Record<TokenSortKey, (a: Sortable, b: Sortable) => number> = {
  attention: compareAttention,
  name: () => 0,
  expiry: byExpiry,
  'last-used': (a, b) => time(b.lastUsedAt, -1) - time(a.lastUsedAt, -1),
  quota: (a, b) => quotaShare(b) - quotaShare(a),
};

/** A sorted copy; ties fall back to the name. */
export function sortTokens<T extends Sortable>(tokens: readonly T[], key: TokenSortKey): T[] {
  return [...tokens].sort((a, b) => COMPARE[key](a, b) || a.name.localeCompare(b.name));
}

export function needsAttention(token: { readonly attention: Attention }): boolean {
  return token.attention.level !== 'ok';
}

/** "3 of 10 tokens need attention (1 critical, 2 warnings)." — or that all are fine. */
export function attentionSummary(tokens: readonly { readonly attention: Attention }[]): string {
  const total = tokens.length;
  if (total === 0) return 'No tokens yet.';
  const critical = tokens.filter((token) => token.attention.level === 'critical').length;
  const warning = tokens.filter((token) => token.attention.level === 'warning').length;
  const count = critical + warning;
  if (count === 0) return total === 1 ? 'The token is fine.' : `All ${total} tokens are fine.`;
  const parts = [
    critical > 0 ? `${critical} critical` : null,
    warning > 0 ? `${warning} warning${warning === 1 ? '' : 's'}` : null,
  ].filter((part) => part !== null);
  const why = `(${parts.join(', ')})`;
  if (count === total)
    return total === 1 ? `The token needs attention ${why}.` : `All ${total} tokens need attention ${why}.`;
  return `${count} of ${total} tokens ${count === 1 ? 'needs' : 'need'} attention ${why}.`;
}
