/**
 * The proxy's view of metadata.json: one route per connection, the client-key matcher and the
 * settings, rebuilt whenever the metadata changes (in this process or another). A changed
 * `tokenSetAt` (rotation elsewhere) or a removed connection drops that token from the vault cache.
 */
import type { Connection, Metadata, Settings } from '../store/schema.js';
import { createClientKeyMatcher, type ClientKeyMatcher } from './client-keys.js';
import { quotaPeriod } from '../tokens/quota-period.js';
import { ownEntry } from '../store/own-entry.js';

export interface Route {
  readonly name: string;
  readonly connection: Connection;
  /** The pinned upstream origin (the token goes nowhere else). */
  readonly origin: string;
  /** What the connection's upstream pool depends on: URL, CA, token and the proxy setting. */
  readonly poolKey: string;
  /** Path and query of the upstream MCP endpoint. */
  readonly pathname: string;
  readonly search: string;
  readonly expiresAtMs: number | null;
  /** The quota the hard stop checks: the account's when the connection belongs to one. */
  readonly quotaLimit: number | null;
  readonly resetDay: number;
  readonly account: { readonly name: string; readonly resetDay: number } | null;
  /** Period start (ISO) cached until the next period begins. */
  periodStart(now: Date): string;
  accountPeriodStart(now: Date): string | null;
}

export interface RouteTable {
  readonly routes: ReadonlyMap<string, Route>;
  readonly keys: ClientKeyMatcher;
  readonly settings: Settings;
}

function periodCache(resetDay: number): (now: Date) => string {
  let value = '';
  let until = 0;
  return (now) => {
    if (now.getTime() >= until || value === '') {
      const period = quotaPeriod(resetDay, now);
      value = period.start.toISOString();
      until = period.next.getTime();
    }
    return value;
  };
}

function buildRoute(connection: Connection, metadata: Metadata): Route {
  const url = new URL(connection.url);
  const account = connection.account ? ownEntry(metadata.accounts, connection.account) : undefined;
  const resetDay = connection.quota?.resetDay ?? account?.quota.resetDay ?? 1;
  const own = periodCache(resetDay);
  const accountPeriod = account ? periodCache(account.quota.resetDay) : undefined;
  return {
    name: connection.name,
    connection,
    origin: url.origin,
    poolKey: [connection.url, connection.ca ?? '', connection.tokenSetAt, metadata.settings.proxy ?? ''].join('\n'),
    pathname: url.pathname,
    search: url.search,
    expiresAtMs: connection.expiresAt ? Date.parse(connection.expiresAt) : null,
    quotaLimit: account?.quota.limit ?? connection.quota?.limit ?? null,
    resetDay,
    account: account ? { name: account.name, resetDay: account.quota.resetDay } : null,
    periodStart: own,
    accountPeriodStart: (now) => (accountPeriod ? accountPeriod(now) : null),
  };
}

export function buildRouteTable(metadata: Metadata): RouteTable {
  const routes = new Map<string, Route>();
  for (const connection of Object.values(metadata.connections)) {
    routes.set(connection.name, buildRoute(connection, metadata));
  }
  return { routes, keys: createClientKeyMatcher(metadata.clients), settings: metadata.settings };
}

/** Names whose stored token changed (rotate, rollback) or disappeared between two metadata snapshots. */
export function staleTokenNames(before: Metadata, after: Metadata): string[] {
  const stale: string[] = [];
  for (const [name, connection] of Object.entries(before.connections)) {
    const next = ownEntry(after.connections, name);
    if (next === undefined || next.tokenSetAt !== connection.tokenSetAt || next.masked !== connection.masked) {
      stale.push(name);
    }
  }
  return stale;
}
