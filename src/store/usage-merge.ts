/**
 * Merging a UsageDelta into usage.json (pure): counters add up (method names capped, see
 * usage-counts.ts), the later `lastUsedAt` wins,
 * a delta for a newer period replaces the stored period's count (an older one is dropped),
 * health and provider quota keep the most recent observation — except that a check which could
 * not reach the server says nothing about the token: it never replaces "rejected" (see mergeHealth).
 */
import type { ConnectionUsageDelta, UsageDelta } from './metadata-store.js';
import { emptyConnectionUsage } from './empty-documents.js';
import type { ConnectionUsage, Health, PeriodUsage, UsageFile } from './schema.js';
import { countsOf, MAX_METHOD_NAMES, mergeCounts, type Counts } from './usage-counts.js';
import { ownEntry } from './own-entry.js';

/** How many local days of daily counts usage.json keeps. */
export const DAILY_HISTORY_DAYS = 92;

const time = (iso: string): number => Date.parse(iso);

export function laterOf(a: string | null, b: string | undefined): string | null {
  if (b === undefined) return a;
  if (a === null) return b;
  return time(b) > time(a) ? b : a;
}

export function mergePeriod(
  stored: PeriodUsage | null | undefined,
  delta: { readonly periodStart: string; readonly count: number },
): PeriodUsage {
  if (!stored || time(delta.periodStart) > time(stored.periodStart)) {
    return { periodStart: delta.periodStart, calls: delta.count };
  }
  if (time(delta.periodStart) < time(stored.periodStart)) return stored;
  return { periodStart: stored.periodStart, calls: stored.calls + delta.count };
}

function pruneDaily(daily: Counts): Counts {
  const days = Object.keys(daily).sort();
  if (days.length <= DAILY_HISTORY_DAYS) return daily;
  return countsOf(days.slice(-DAILY_HISTORY_DAYS).map((day) => [day, daily[day] ?? 0] as const));
}

/**
 * The health verdict after `incoming`: the later observation wins, but "unreachable" (and
 * "unknown") never overwrite "rejected" — only a verified ok (or a new token, which clears the
 * verdict) does. A failed re-check with no network must not turn a revoked token green.
 */
export function mergeHealth(stored: Health | null, incoming: Health): Health {
  if (stored !== null && time(incoming.checkedAt) < time(stored.checkedAt)) return stored;
  if (stored?.state === 'rejected' && (incoming.state === 'unreachable' || incoming.state === 'unknown')) return stored;
  return incoming;
}

export function mergeConnectionUsage(
  stored: ConnectionUsage | undefined,
  delta: ConnectionUsageDelta,
): ConnectionUsage {
  const next = structuredClone(stored ?? emptyConnectionUsage());
  next.lastUsedAt = laterOf(next.lastUsedAt, delta.lastUsedAt);
  if (delta.calls) next.period = mergePeriod(next.period, delta.calls);
  next.totalRequests += delta.requests ?? 0;
  next.byMethod = mergeCounts(next.byMethod, delta.byMethod, MAX_METHOD_NAMES);
  next.byClient = mergeCounts(next.byClient, delta.byClient);
  next.daily = pruneDaily(mergeCounts(next.daily, delta.daily));
  if (delta.health) next.health = mergeHealth(next.health, delta.health);
  if (
    delta.providerQuota &&
    (!next.providerQuota || time(delta.providerQuota.observedAt) >= time(next.providerQuota.observedAt))
  ) {
    next.providerQuota = delta.providerQuota;
  }
  return next;
}

/** Applies `delta` to `usage` in place (callers pass a draft). */
export function applyUsageDelta(usage: UsageFile, delta: UsageDelta): void {
  for (const [name, connectionDelta] of Object.entries(delta.connections ?? {})) {
    usage.connections[name] = mergeConnectionUsage(ownEntry(usage.connections, name), connectionDelta);
  }
  for (const [name, period] of Object.entries(delta.accounts ?? {})) {
    usage.accounts[name] = mergePeriod(ownEntry(usage.accounts, name), period);
  }
  for (const [name, client] of Object.entries(delta.clients ?? {})) {
    usage.clients[name] = { lastUsedAt: laterOf(ownEntry(usage.clients, name)?.lastUsedAt ?? null, client.lastUsedAt) };
  }
}
