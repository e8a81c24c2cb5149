/**
 * The one-line status of a token in the tray, e.g.
 * "Quota 95 % · Expires in 5 days · 4,750 / 5,000 calls · used 3 min ago": the attention
 * model's labels first (expiry has its own fact), then the facts. Pure: `now` is passed in.
 */
import type { TokenSummary } from '../src/contract/dto.js';
import { formatCount, formatSpan } from '../src/tokens/time-span.js';

const MINUTE = 60_000;

export function describeExpiry(expiresAt: string | null, now: Date): string {
  if (expiresAt === null) return 'Never expires';
  const left = new Date(expiresAt).getTime() - now.getTime();
  if (left <= 0) return `Expired ${formatSpan(left)} ago`;
  return `Expires in ${formatSpan(left)}`;
}

export function describeQuota(quota: TokenSummary['quota']): string | null {
  if (quota.limit === null) return quota.used > 0 ? `${formatCount(quota.used)} calls this period` : null;
  return `${formatCount(quota.used)} / ${formatCount(quota.limit)} calls`;
}

export function describeLastUse(lastUsedAt: string | null, now: Date): string {
  if (lastUsedAt === null) return 'never used';
  const ago = now.getTime() - new Date(lastUsedAt).getTime();
  if (ago < MINUTE) return 'used just now';
  return `used ${formatSpan(ago)} ago`;
}

/** The status line shown as the first (disabled) item of a token's submenu. */
export function tokenStatusLine(token: TokenSummary, now: Date): string {
  // The expiry fact says more than the expiry reasons' labels ("Expired 2 days ago").
  const labels = token.attention.reasons
    .filter((reason) => reason.code !== 'expired' && reason.code !== 'expiring')
    .map((reason) => reason.label);
  const parts = [
    ...labels,
    describeExpiry(token.expiresAt, now),
    describeQuota(token.quota),
    describeLastUse(token.lastUsedAt, now),
  ];
  return parts.filter((part): part is string => part !== null).join(' · ');
}
