/** State snapshots for the main-process tests: token summaries and proxy statuses. */
import type { ProxyStatus, TokenSummary } from '../../../src/contract/dto.js';
import { tokenAttention, type AttentionThresholds } from '../../../src/core/attention.js';

export const NOW = new Date('2026-03-10T12:00:00.000Z');

const DAY = 24 * 3600_000;

export function daysFromNow(days: number): string {
  return new Date(NOW.getTime() + days * DAY).toISOString();
}

/** A summary as the core would give it: `attention` comes from the core's model at `now` (default NOW). */
export function tokenSummary(
  overrides: Partial<TokenSummary> & { readonly name: string },
  options: { readonly now?: Date; readonly thresholds?: AttentionThresholds } = {},
): TokenSummary {
  const summary: Omit<TokenSummary, 'attention'> = {
    url: `https://mcp.example.com/${overrides.name}/mcp`,
    provider: 'example',
    kind: 'agent-key',
    masked: 'sk_live_…x7z9',
    status: 'ok',
    expiresAt: daysFromNow(60),
    lastUsedAt: new Date(NOW.getTime() - 3 * 60_000).toISOString(),
    quota: { limit: 5000, used: 1234, resetsAt: daysFromNow(20), account: null, provider: null },
    tokenSetAt: daysFromNow(-30),
    ageDays: 30,
    rotationDue: false,
    health: null,
    headers: [{ name: 'authorization', template: 'Bearer {token}' }],
    queryParam: null,
    tokenCommand: null,
    oauth: null,
    paused: false,
    allowKeyless: false,
    previous: null,
    tokenPageUrl: null,
    ...overrides,
  };
  const attention =
    overrides.attention ??
    tokenAttention({ ...summary, rotationCadenceDays: 90 }, options.now ?? NOW, options.thresholds);
  return { ...summary, attention };
}

export function rejectedHealth(minutesAgo = 5): NonNullable<TokenSummary['health']> {
  return {
    state: 'rejected',
    checkedAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
    detail: 'HTTP 401',
  };
}

export const RUNNING_PROXY: ProxyStatus = {
  running: true,
  port: 8931,
  url: 'http://127.0.0.1:8931',
  paused: false,
  error: null,
};

export const PORT_TAKEN_PROXY: ProxyStatus = {
  running: false,
  port: 8931,
  url: null,
  paused: false,
  error: { code: 'PORT_IN_USE', message: 'Port 8931 on 127.0.0.1 is already in use; choose another port.' },
};
