/**
 * The one-line status of a token in the tray, e.g.
 * "Expires in 5 days · 1,234 / 5,000 calls · used 3 min ago". Pure: `now` is passed in.
 */
import type { TokenSummary } from '../src/contract/dto.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const count = new Intl.NumberFormat('en-US');

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "5 days", "3 hours", "12 min" — the coarsest unit that is at least 1. */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return plural(Math.floor(abs / DAY), 'day');
  if (abs >= HOUR) return plural(Math.floor(abs / HOUR), 'hour');
  return `${Math.max(1, Math.floor(abs / MINUTE))} min`;
}

export function describeExpiry(expiresAt: string | null, now: Date): string {
  if (expiresAt === null) return 'Never expires';
  const left = new Date(expiresAt).getTime() - now.getTime();
  if (left <= 0) return `Expired ${formatSpan(left)} ago`;
  return `Expires in ${formatSpan(left)}`;
}

export function describeQuota(quota: TokenSummary['quota']): string | null {
  if (quota.limit === null) return quota.used > 0 ? `${count.format(quota.used)} calls` : null;
  return `${count.format(quota.used)} / ${count.format(quota.limit)} calls`;
}

export function describeLastUse(lastUsedAt: string | null, now: Date): string {
  if (lastUsedAt === null) return 'never used';
  const ago = now.getTime() - new Date(lastUsedAt).getTime();
  if (ago < MINUTE) return 'used just now';
  return `used ${formatSpan(ago)} ago`;
}

function statusPrefix(token: TokenSummary): string | null {
  switch (token.status) {
    case 'rejected':
      return 'Rejected by the server';
    case 'paused':
      return 'Paused';
    case 'ok':
    case 'expiring':
    case 'expired':
      return null;
  }
}

/** The status line shown as the first (disabled) item of a token's submenu. */
export function tokenStatusLine(token: TokenSummary, now: Date): string {
  const parts = [
    statusPrefix(token),
    describeExpiry(token.expiresAt, now),
    describeQuota(token.quota),
    describeLastUse(token.lastUsedAt, now),
  ];
  return parts.filter((part): part is string => part !== null).join(' · ');
}

/** Share of the quota used, in percent (0 when there is no quota). */
export function quotaPercent(quota: TokenSummary['quota']): number {
  if (quota.limit === null || quota.limit <= 0) return 0;
  return (quota.used / quota.limit) * 100;
}
