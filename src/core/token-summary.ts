/** Builds the DTOs every face shows (TokenSummary, AccountSummary) from metadata + usage. Pure. */
import type { AccountSummary, QuotaSummary, TokenStatus, TokenSummary } from '../contract/dto.js';
import type { Account, Connection, Metadata, UsageFile } from '../store/schema.js';
import { expiryStatus } from '../tokens/expiry.js';
import { quotaPeriod, usedInPeriod } from '../tokens/quota-period.js';
import { isRotationDue, tokenAgeDays } from '../tokens/token-age.js';
import { tokenPageUrlFor } from '../tokens/token-formats.js';
import { tokenAttention } from './attention.js';

export function tokenStatus(connection: Connection, usage: UsageFile, now: Date): TokenStatus {
  if (connection.paused) return 'paused';
  const expiry = expiryStatus(connection.expiresAt, now);
  if (expiry === 'expired') return 'expired';
  const health = usage.connections[connection.name]?.health?.state;
  if (health === 'rejected' || health === 'unreachable') return health;
  return expiry;
}

function quotaSummary(connection: Connection, metadata: Metadata, usage: UsageFile, now: Date): QuotaSummary {
  const observed = usage.connections[connection.name]?.providerQuota ?? null;
  const provider = observed
    ? { limit: observed.limit, remaining: observed.remaining, resetAt: observed.resetAt }
    : null;
  const account = connection.account ? metadata.accounts[connection.account] : undefined;
  if (account) {
    const period = quotaPeriod(account.quota.resetDay, now);
    return {
      limit: account.quota.limit,
      used: usedInPeriod(usage.accounts[account.name], period),
      resetsAt: period.next.toISOString(),
      account: account.name,
      provider,
    };
  }
  if (connection.quota) {
    const period = quotaPeriod(connection.quota.resetDay, now);
    return {
      limit: connection.quota.limit,
      used: usedInPeriod(usage.connections[connection.name]?.period, period),
      resetsAt: period.next.toISOString(),
      account: null,
      provider,
    };
  }
  // No quota: the calls are still counted, per calendar month (the proxy files them by reset day 1).
  const period = quotaPeriod(1, now);
  return {
    limit: null,
    used: usedInPeriod(usage.connections[connection.name]?.period, period),
    resetsAt: null,
    account: connection.account,
    provider,
  };
}

export function summarizeConnection(
  connection: Connection,
  metadata: Metadata,
  usage: UsageFile,
  now: Date,
): TokenSummary {
  const connectionUsage = usage.connections[connection.name];
  const previous =
    connection.previous && Date.parse(connection.previous.until) > now.getTime() ? connection.previous : null;
  const { settings } = metadata;
  const quota = quotaSummary(connection, metadata, usage, now);
  const ageDays = tokenAgeDays(connection.tokenSetAt, now);
  const rotationDue = isRotationDue(connection.tokenSetAt, now, settings.rotationCadenceDays);
  const health = connectionUsage?.health ?? null;
  return {
    name: connection.name,
    url: connection.url,
    provider: connection.provider,
    kind: connection.kind,
    masked: connection.masked,
    status: tokenStatus(connection, usage, now),
    expiresAt: connection.expiresAt,
    lastUsedAt: connectionUsage?.lastUsedAt ?? null,
    quota,
    tokenSetAt: connection.tokenSetAt,
    ageDays,
    rotationDue,
    health,
    paused: connection.paused,
    allowKeyless: connection.allowKeyless,
    previous: previous ? { masked: previous.masked, until: previous.until } : null,
    attention: tokenAttention(
      {
        paused: connection.paused,
        expiresAt: connection.expiresAt,
        health,
        quota,
        ageDays,
        rotationDue,
        rotationCadenceDays: settings.rotationCadenceDays,
      },
      now,
      { expiryDays: settings.notifyExpiryDays, quotaPercents: settings.notifyQuotaPercents },
    ),
    tokenPageUrl: tokenPageUrlFor(connection.provider),
  };
}

export function summarizeAll(metadata: Metadata, usage: UsageFile, now: Date): TokenSummary[] {
  return Object.values(metadata.connections)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((connection) => summarizeConnection(connection, metadata, usage, now));
}

export function summarizeAccount(account: Account, metadata: Metadata, usage: UsageFile, now: Date): AccountSummary {
  const period = quotaPeriod(account.quota.resetDay, now);
  return {
    name: account.name,
    limit: account.quota.limit,
    resetDay: account.quota.resetDay,
    used: usedInPeriod(usage.accounts[account.name], period),
    resetsAt: period.next.toISOString(),
    tokens: Object.values(metadata.connections)
      .filter((connection) => connection.account === account.name)
      .map((connection) => connection.name)
      .sort(),
  };
}
