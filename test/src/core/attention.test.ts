import { describe, expect, it } from 'vitest';
import {
  ATTENTION_ORDER,
  expiryThreshold,
  quotaThreshold,
  tokenAttention,
  type AttentionInput,
} from '../../../src/core/attention.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

function input(overrides: Partial<AttentionInput> = {}): AttentionInput {
  return {
    paused: false,
    expiresAt: at(60 * DAY),
    health: null,
    quota: { limit: 5000, used: 100, resetsAt: at(20 * DAY), account: null },
    ageDays: 10,
    rotationDue: false,
    rotationCadenceDays: 90,
    ...overrides,
  };
}

const codes = (overrides: Partial<AttentionInput>) => tokenAttention(input(overrides), NOW).reasons.map((r) => r.code);

describe('tokenAttention', () => {
  it('Given a token with nothing wrong, Then the level is ok with no reasons', () => {
    expect(tokenAttention(input(), NOW)).toEqual({ level: 'ok', reasons: [] });
    expect(
      tokenAttention(input({ expiresAt: null, quota: { limit: null, used: 0, resetsAt: null, account: null } }), NOW),
    ).toEqual({ level: 'ok', reasons: [] });
  });

  it('Given an expired token, Then it is critical, says when, and the fix is to rotate', () => {
    const attention = tokenAttention(input({ expiresAt: at(-3 * DAY) }), NOW);
    expect(attention.level).toBe('critical');
    expect(attention.reasons[0]).toMatchObject({ code: 'expired', level: 'critical', label: 'Expired', fix: 'rotate' });
    expect(attention.reasons[0]?.sentence).toMatch(/^Expired 3 days ago \(\d{4}-\d{2}-\d{2}\); calls with it fail/);
    expect(attention.reasons[0]?.at).toBe(at(-3 * DAY));
  });

  it.each([
    [6 * DAY, 'Expires in 6 days'],
    [2 * DAY + HOUR, 'Expires in 2 days'],
    [5 * HOUR, 'Expires in 5 hours'],
  ])('Given an expiry %d ms away (inside 7 days), Then it is a warning labelled "%s"', (left, label) => {
    const [reason] = tokenAttention(input({ expiresAt: at(left) }), NOW).reasons;
    expect(reason).toMatchObject({ code: 'expiring', level: 'warning', label, fix: 'rotate' });
  });

  it('Given an expiry 8 days away, Then it needs no attention; with a 14-day warning setting it does', () => {
    expect(codes({ expiresAt: at(8 * DAY) })).toEqual([]);
    const wide = tokenAttention(input({ expiresAt: at(8 * DAY) }), NOW, { expiryDays: [14, 3], quotaPercents: [80] });
    expect(wide.reasons.map((r) => r.code)).toEqual(['expiring']);
  });

  it('Given the upstream rejected the token, Then it is critical with the HTTP status and when', () => {
    const health = { state: 'rejected' as const, checkedAt: at(-40 * 60_000), detail: 'HTTP 401' };
    const [reason] = tokenAttention(input({ health }), NOW).reasons;
    expect(reason).toMatchObject({ code: 'rejected', level: 'critical', detail: 'HTTP 401', at: health.checkedAt });
    expect(reason?.sentence).toBe(
      'The server rejected the token (HTTP 401) 40 min ago; it was revoked or has expired at the provider, so it needs a new one.',
    );
  });

  it('Given a check message, Then the rejected detail is just the HTTP status in it', () => {
    const detail = '127.0.0.1:4000 rejected the token (HTTP 403): it may be revoked, expired, mistyped or lack access.';
    const [reason] = tokenAttention(input({ health: { state: 'rejected', checkedAt: at(0), detail } }), NOW).reasons;
    expect(reason?.detail).toBe('HTTP 403');
  });

  it('Given the last check could not reach the server, Then "unreachable" is its own warning with the check text', () => {
    const detail = 'Cannot reach 127.0.0.1:9 (ECONNREFUSED); check the URL and your network connection.';
    const health = { state: 'unreachable' as const, checkedAt: at(-12 * 60_000), detail };
    const attention = tokenAttention(input({ health }), NOW);
    expect(attention.level).toBe('warning');
    expect(attention.reasons[0]).toMatchObject({
      code: 'unreachable',
      label: 'Unreachable',
      fix: 'test-again',
      detail,
    });
    expect(attention.reasons[0]?.sentence).toBe(
      `The server could not be reached at the last check, 12 min ago: ${detail}`,
    );
  });

  it('Given a healthy or unknown verdict, Then health adds no reason', () => {
    expect(codes({ health: { state: 'ok', checkedAt: at(0), detail: 'server' } })).toEqual([]);
    expect(codes({ health: { state: 'unknown', checkedAt: at(0), detail: null } })).toEqual([]);
  });

  it.each([
    [79, []],
    [80, ['quota-high']],
    [95, ['quota-high']],
    [100, ['quota-used-up']],
    [130, ['quota-used-up']],
  ])('Given %d %% of the quota used, Then the reasons are %j', (percent, expected) => {
    expect(codes({ quota: { limit: 1000, used: percent * 10, resetsAt: at(DAY), account: null } })).toEqual(expected);
  });

  it('Given 95 % of a token quota, Then the chip says "Quota 95 %" and the sentence counts the calls', () => {
    const [reason] = tokenAttention(
      input({ quota: { limit: 5000, used: 4763, resetsAt: null, account: null } }),
      NOW,
    ).reasons;
    expect(reason).toMatchObject({ label: 'Quota 95 %', level: 'warning', fix: null });
    expect(reason?.sentence).toBe('95 % of the quota used: 4,763 of 5,000 calls.');
  });

  it('Given a shared account over its quota, Then the reason names the account and is critical', () => {
    const quota = { limit: 25000, used: 25000, resetsAt: at(5 * DAY), account: 'team' };
    const attention = tokenAttention(input({ quota }), NOW);
    expect(attention.level).toBe('critical');
    expect(attention.reasons[0]?.sentence).toMatch(/^Account team has used all 25,000 calls of this period/);
    const high = tokenAttention(input({ quota: { ...quota, used: 20500 } }), NOW).reasons[0];
    expect(high?.sentence).toMatch(/^82 % of account team's shared quota used: 20,500 of 25,000 calls; it resets on /);
  });

  it('Given quota warnings switched off, Then only a used-up quota is flagged', () => {
    const thresholds = { expiryDays: [7, 1], quotaPercents: [] };
    const quota = (used: number) => ({ limit: 100, used, resetsAt: null, account: null });
    expect(tokenAttention(input({ quota: quota(99) }), NOW, thresholds).reasons).toEqual([]);
    expect(tokenAttention(input({ quota: quota(100) }), NOW, thresholds).reasons[0]?.code).toBe('quota-used-up');
  });

  it('Given a token past the rotation cadence, Then rotation is due (a warning with the age and cadence)', () => {
    const [reason] = tokenAttention(input({ rotationDue: true, ageDays: 120 }), NOW).reasons;
    expect(reason).toMatchObject({ code: 'rotation-due', level: 'warning', label: 'Rotation due', fix: 'rotate' });
    expect(reason?.sentence).toBe('Set 120 days ago, past the 90-day rotation cadence; rotate it when convenient.');
  });

  it('Given a paused token, Then "paused" is a warning whose fix is to resume', () => {
    const attention = tokenAttention(input({ paused: true }), NOW);
    expect(attention).toMatchObject({
      level: 'warning',
      reasons: [{ code: 'paused', fix: 'resume', label: 'Paused' }],
    });
  });

  it('Given a lapsed sign-in (fed by OAuth later), Then it is critical with a sign-in fix', () => {
    const signIn = { since: at(-2 * HOUR), detail: 'the refresh token was revoked' };
    const [reason] = tokenAttention(input({ signIn }), NOW).reasons;
    expect(reason).toMatchObject({ code: 'sign-in-needed', level: 'critical', fix: 'sign-in', at: signIn.since });
    expect(reason?.sentence).toBe('Sign-in needed since 2 hours ago: the refresh token was revoked.');
    const bare = tokenAttention(input({ signIn: { since: null, detail: null } }), NOW).reasons[0];
    expect(bare?.sentence).toBe('Sign-in needed; clients cannot use it until you sign in again.');
  });

  it('Given many problems at once, Then every reason is listed, worst first, and the level is the worst', () => {
    const attention = tokenAttention(
      input({
        paused: true,
        expiresAt: at(-DAY),
        rotationDue: true,
        ageDays: 100,
        health: { state: 'unreachable', checkedAt: at(0), detail: null },
        quota: { limit: 10, used: 9, resetsAt: null, account: null },
      }),
      NOW,
    );
    expect(attention.level).toBe('critical');
    expect(attention.reasons.map((r) => r.code)).toEqual([
      'expired',
      'unreachable',
      'quota-high',
      'rotation-due',
      'paused',
    ]);
  });

  it('Then the order ranks what breaks calls now above what will, and covers every code once', () => {
    expect(new Set(ATTENTION_ORDER).size).toBe(ATTENTION_ORDER.length);
    expect(ATTENTION_ORDER.slice(0, 4)).toEqual(['expired', 'rejected', 'sign-in-needed', 'quota-used-up']);
  });
});

describe('thresholds', () => {
  it('expiryThreshold: the smallest warning window the expiry is inside; null when expired, never or far', () => {
    expect(expiryThreshold(at(5 * DAY), NOW, [7, 1])).toBe(7);
    expect(expiryThreshold(at(12 * HOUR), NOW, [7, 1])).toBe(1);
    expect(expiryThreshold(at(8 * DAY), NOW, [7, 1])).toBeNull();
    expect(expiryThreshold(at(-HOUR), NOW, [7, 1])).toBeNull();
    expect(expiryThreshold(null, NOW, [7, 1])).toBeNull();
  });

  it('quotaThreshold: the highest percentage reached', () => {
    expect(quotaThreshold(95, [80, 100])).toBe(80);
    expect(quotaThreshold(100, [80, 100])).toBe(100);
    expect(quotaThreshold(79.9, [80, 100])).toBeNull();
  });
});
