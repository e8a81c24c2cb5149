/** A valid metadata Connection for tests; pass only what the test is about. */
import type { Connection } from '../../src/store/schema.js';

export function connectionFixture(name: string, overrides: Partial<Connection> = {}): Connection {
  return {
    name,
    url: `https://${name}.example/mcp`,
    provider: name,
    kind: 'bearer',
    masked: 'sk_…1234',
    createdAt: '2026-01-01T00:00:00.000Z',
    tokenSetAt: '2026-01-01T00:00:00.000Z',
    expiresAt: null,
    quota: null,
    account: null,
    allowKeyless: false,
    paused: false,
    ca: null,
    headers: null,
    queryParam: null,
    command: null,
    oauth: null,
    previous: null,
    ...overrides,
  };
}
