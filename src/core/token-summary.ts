/** Builds the DTOs every face shows (TokenSummary, AccountSummary) from metadata + usage. Pure. */
import type { AccountSummary, QuotaSummary, TokenStatus, TokenSummary } from '../contract/dto.js';
import type { Account, Connection, Metadata, UsageFile } from '../store/schema.js';
import { expiryStatus } from '../tokens/expiry.js';
import { quotaPeriod, usedInPeriod } from '../tokens/quota-period.js';
import { isRotationDue, tokenAgeDays } from '../tokens/token-age.js';
import { tokenPageUrlFor } from '../tokens/token-formats.js';
import { DEFAULT_HEADER_TEMPLATES } from '../credentials/header-templates.js';
import { tokenAttention, type SignInState } from './attention.js';
import { ownEntry } from '../store/own-entry.js';

export function tokenStatus(connection: Connection, usage: UsageFile, now: Date): TokenStatus {
  if (connection.paused) return 'paused';
  const expiry = expiryStatus(connection.expiresAt, now);
  if (expiry === 'expired') return 'expired';
  const health = ownEntry(usage.connections, connection.name)?.health?.state;
  if (health === 'rejected' || health === 'unreachable') return health;
  return expiry;
}

function quotaSummary(connection: Connection, metadata: Metadata, usage: UsageFile, now: Date): QuotaSummary {
  const observed = ownEntry(usage.connections, connection.name)?.providerQuota ?? null;
  const provider = observed
    ? { limit: observed.limit, remaining: observed.remaining, resetAt: observed.resetAt }
    : null;
  const account = connection.account ? ownEntry(metadata.accounts, connection.account) : undefined;
  if (account) {
    const period = quotaPeriod(account.quota.resetDay, now);
    return {
      limit: account.quota.limit,
      used: usedInPeriod(ownEntry(usage.accounts, account.name), period),
      resetsAt: period.next.toISOString(),
      account: account.name,
      provider,
    };
  }
  if (connection.quota) {
    const period = quotaPeriod(connection.quota.resetDay, now);
    return {
      limit: connection.quota.limit,
      used: usedInPeriod(ownEntry(usage.connections, connection.name)?.period, period),
      resetsAt: period.next.toISOString(),
      account: null,
      provider,
    };
  }
  // No quota: the calls are still counted, per calendar month (the proxy files them by reset day 1).
  const period = quotaPeriod(1, now);
  return {
    limit: null,
    used: usedInPeriod(ownEntry(usage.connections, connection.name)?.period, period),
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
  const connectionUsage = ownEntry(usage.connections, connection.name);
  const previous =
    connection.previous && Date.parse(connection.previous.until) > now.getTime() ? connection.previous : null;
  const { settings } = metadata;
  const quota = quotaSummary(connection, metadata, usage, now);
  const ageDays = tokenAgeDays(connection.tokenSetAt, now);
  // OAuth and command tokens renew themselves: no rotation to be due.
  const rotates = connection.kind !== 'oauth' && connection.kind !== 'command';
  const rotationDue = rotates && isRotationDue(connection.tokenSetAt, now, settings.rotationCadenceDays);
  const oauth = connection.oauth;
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
        signIn: signInState(connection),
      },
      now,
      { expiryDays: settings.notifyExpiryDays, quotaPercents: settings.notifyQuotaPercents },
    ),
    tokenPageUrl: tokenPageUrlFor(connection.provider),
    headers: connection.headers ?? DEFAULT_HEADER_TEMPLATES,
    queryParam: connection.queryParam,
    tokenCommand: connection.command,
    oauth: oauth
      ? {
          scope: oauth.scope,
          signedInAt: oauth.signedInAt,
          accessExpiresAt: oauth.accessExpiresAt,
          signInExpiresAt: oauth.signInExpiresAt,
          signInNeeded: oauth.signInNeeded,
          moreScope: oauth.moreScope,
          clientSource: oauth.clientSource,
        }
      : null,
  };
}

/** An OAuth connection that needs a person: its sign-in lapsed, or the server wants more scope. */
function signInState(connection: Connection): SignInState | null {
  const oauth = connection.oauth;
  if (!oauth) return null;
  if (oauth.signInNeeded) return { since: oauth.signInNeeded.since, detail: oauth.signInNeeded.detail };
  if (oauth.moreScope !== null)
    return { since: null, detail: `more access needed (scope ${oauth.moreScope || 'unnamed'})` };
  return null;
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
    used: usedInPeriod(ownEntry(usage.accounts, account.name), period),
    resetsAt: period.next.toISOString(),
    tokens: Object.values(metadata.connections)
      .filter((connection) => connection.account === account.name)
      .map((connection) => connection.name)
      .sort(),
  };
}
