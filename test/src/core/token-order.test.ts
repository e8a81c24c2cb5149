import { describe, expect, it } from 'vitest';
import type { Attention, TokenSummary } from '../../../src/contract/dto.js';
import { tokenAttention, type AttentionInput } from '../../../src/core/attention.js';
import { attentionSummary, sortTokens } from '../../../src/core/token-order.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

type Sortable = Pick<TokenSummary, 'name' | 'attention' | 'expiresAt' | 'lastUsedAt' | 'quota'>;

function token(name: string, overrides: Partial<AttentionInput> & { lastUsedAt?: string | null } = {}): Sortable {
  const attentionInput: AttentionInput = {
    paused: false,
    expiresAt: at(60),
    health: null,
    quota: { limit: null, used: 0, resetsAt: null, account: null },
    ageDays: 1,
    rotationDue: false,
    rotationCadenceDays: 90,
    ...overrides,
  };
  return {
    name,
    attention: tokenAttention(attentionInput, NOW),
    expiresAt: attentionInput.expiresAt,
    lastUsedAt: overrides.lastUsedAt ?? null,
    quota: { ...attentionInput.quota, provider: null },
  };
}

const quota = (used: number, limit = 100) => ({ limit, used, resetsAt: null, account: null });

const TEN = [
  token('alpha'),
  token('expired', { expiresAt: at(-1) }),
  token('soon', { expiresAt: at(2) }),
  token('later', { expiresAt: at(6) }),
  token('quota95', { quota: quota(95) }),
  token('rejected', { health: { state: 'rejected', checkedAt: at(-0.1), detail: 'HTTP 401' } }),
  token('unreachable', { health: { state: 'unreachable', checkedAt: at(-0.1), detail: null } }),
  token('paused', { paused: true }),
  token('used-up', { quota: quota(100) }),
  token('zulu', { lastUsedAt: at(-0.01) }),
];

describe('sortTokens', () => {
  it('Given the attention sort, Then critical comes first, then warnings, then fine tokens by name', () => {
    expect(sortTokens(TEN, 'attention').map((t) => t.name)).toEqual([
      'expired',
      'rejected',
      'used-up',
      'unreachable',
      'soon',
      'later',
      'quota95',
      'paused',
      'alpha',
      'zulu',
    ]);
  });

  it('Given two tokens with the same worst reason, Then the one with more reasons comes first', () => {
    const both = token('both', { expiresAt: at(-1), paused: true });
    const one = token('one', { expiresAt: at(-1) });
    expect(sortTokens([one, both], 'attention').map((t) => t.name)).toEqual(['both', 'one']);
  });

  it('Given the other keys, Then name, expiry (soonest), last use (latest) and quota (fullest) order the list', () => {
    expect(sortTokens(TEN, 'name').map((t) => t.name)[0]).toBe('alpha');
    expect(
      sortTokens(TEN, 'expiry')
        .map((t) => t.name)
        .slice(0, 3),
    ).toEqual(['expired', 'soon', 'later']);
    expect(sortTokens(TEN, 'last-used')[0]?.name).toBe('zulu');
    expect(
      sortTokens(TEN, 'quota')
        .map((t) => t.name)
        .slice(0, 2),
    ).toEqual(['used-up', 'quota95']);
  });

  it('Then the input is left as it was', () => {
    const copy = [...TEN];
    sortTokens(TEN, 'attention');
    expect(TEN).toEqual(copy);
  });
});

describe('attentionSummary', () => {
  const fine: { attention: Attention } = { attention: { level: 'ok', reasons: [] } };
  const warning: { attention: Attention } = token('w', { paused: true });
  const critical: { attention: Attention } = token('c', { expiresAt: at(-1) });

  it.each([
    [[], 'No tokens yet.'],
    [[fine], 'The token is fine.'],
    [[fine, fine], 'All 2 tokens are fine.'],
    [[critical, fine], '1 of 2 tokens needs attention (1 critical).'],
    [[critical, warning, warning, fine], '3 of 4 tokens need attention (1 critical, 2 warnings).'],
    [[warning], 'The token needs attention (1 warning).'],
    [[warning, critical], 'All 2 tokens need attention (1 critical, 1 warning).'],
  ])('Given %#, Then it reads "%s"', (tokens, sentence) => {
    expect(attentionSummary(tokens)).toBe(sentence);
  });

  it('Given the ten tokens, Then the summary counts those needing attention', () => {
    expect(attentionSummary(TEN)).toBe('8 of 10 tokens need attention (3 critical, 5 warnings).');
  });
});
