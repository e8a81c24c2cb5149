import { describe, expect, it } from 'vitest';
import { buildRouteTable, staleTokenNames } from '../../../src/proxy/route-table.js';
import { emptyMetadata } from '../../../src/store/empty-documents.js';
import type { Connection, Metadata } from '../../../src/store/schema.js';
import { connectionFixture } from '../../support/connection-fixture.js';

function connection(name: string, overrides: Partial<Connection> = {}): Connection {
  return connectionFixture(name, { url: `https://${name}.example/v1/mcp?x=1`, ...overrides });
}

function metadata(connections: Connection[]): Metadata {
  const value = emptyMetadata();
  for (const entry of connections) value.connections[entry.name] = entry;
  value.accounts.team = { name: 'team', quota: { limit: 100, resetDay: 15 } };
  return value;
}

describe('route table', () => {
  it('Given a connection, then its route pins the upstream origin, path and query, and the quota of its account', () => {
    const table = buildRouteTable(metadata([connection('a', { account: 'team' })]));
    const route = table.routes.get('a')!;
    expect(route).toMatchObject({ origin: 'https://a.example', pathname: '/v1/mcp', search: '?x=1', quotaLimit: 100 });
    const now = new Date(2026, 2, 20, 12);
    expect(route.accountPeriodStart(now)).toBe(new Date(2026, 2, 15).toISOString());
    expect(route.periodStart(now)).toBe(new Date(2026, 2, 15).toISOString());
  });

  it('Given another process rotated, rolled back or removed a token, then exactly those names are stale', () => {
    const before = metadata([connection('a'), connection('b'), connection('c'), connection('d')]);
    const after = metadata([
      connection('a', { tokenSetAt: '2026-02-01T00:00:00.000Z' }),
      connection('b', { masked: 'sk_…2222' }),
      connection('c', { paused: true }),
    ]);
    expect(staleTokenNames(before, after)).toEqual(['a', 'b', 'd']);
  });
});
