import { describe, expect, it } from 'vitest';
import type { TokenSummary } from '../../src/contract/dto.js';
import { decideNotifications, type NotificationInput } from '../../main/notifications.js';
import { NOW, PORT_TAKEN_PROXY, RUNNING_PROXY, daysFromNow, rejectedHealth, tokenSummary } from './support/fixtures.js';

function input(tokens: readonly TokenSummary[], overrides: Partial<NotificationInput> = {}): NotificationInput {
  return {
    tokens,
    proxy: RUNNING_PROXY,
    expiryDays: [7, 1],
    quotaPercents: [80, 100],
    now: NOW,
    fired: new Set(),
    ...overrides,
  };
}

/** Runs the decision again with what was remembered, as the scheduler does. */
function again(previous: NotificationInput, fired: readonly string[], overrides: Partial<NotificationInput> = {}) {
  return decideNotifications({ ...previous, fired: new Set(fired), ...overrides });
}

const quota = (used: number, limit = 1000, account: string | null = null) => ({
  limit,
  used,
  resetsAt: daysFromNow(10),
  account,
  provider: null,
});

describe('notification decisions', () => {
  it('Given healthy tokens and a running proxy, Then nothing is notified', () => {
    expect(decideNotifications(input([tokenSummary({ name: 'a' })])).show).toEqual([]);
  });

  it('Given a token expiring in 5 days, Then the 7-day warning fires once and leads to the rotate view', () => {
    const first = input([tokenSummary({ name: 'gh', status: 'expiring', expiresAt: daysFromNow(5) })]);
    const decision = decideNotifications(first);
    expect(decision.show).toHaveLength(1);
    expect(decision.show[0]).toMatchObject({
      kind: 'expiring',
      title: 'gh: token expires in 5 days',
      action: { view: 'rotate', name: 'gh' },
    });
    expect(again(first, decision.fired).show).toEqual([]);
  });

  it('Given the 7-day warning was shown, When 1 day is left, Then the 1-day warning fires once', () => {
    const token = tokenSummary({ name: 'gh', status: 'expiring', expiresAt: daysFromNow(5) });
    const first = decideNotifications(input([token]));
    const later = input([token], { now: new Date(daysFromNow(4.5)) });
    const second = again(later, first.fired);
    expect(second.show.map((event) => event.title)).toEqual(['gh: token expires in 12 hours']);
    expect(again(later, second.fired).show).toEqual([]);
  });

  it('Given an expired token, Then "expired" fires once; a rotation to a new expiry re-arms the warnings', () => {
    const expired = input([tokenSummary({ name: 'gh', status: 'expired', expiresAt: daysFromNow(-1) })]);
    const decision = decideNotifications(expired);
    expect(decision.show.map((event) => event.kind)).toEqual(['expired']);
    expect(again(expired, decision.fired).show).toEqual([]);
    const rotated = again(expired, decision.fired, {
      tokens: [tokenSummary({ name: 'gh', status: 'expiring', expiresAt: daysFromNow(3) })],
    });
    expect(rotated.show.map((event) => event.kind)).toEqual(['expiring']);
  });

  it('Given quota use at 85 % then 100 %, Then the 80 % and 100 % warnings each fire once', () => {
    const at85 = input([tokenSummary({ name: 'gh', quota: quota(850) })]);
    const first = decideNotifications(at85);
    expect(first.show.map((event) => event.title)).toEqual(['gh: 80 % of the quota used']);
    expect(again(at85, first.fired).show).toEqual([]);
    const at100 = input([tokenSummary({ name: 'gh', quota: quota(1000) })]);
    const second = again(at100, first.fired);
    expect(second.show.map((event) => event.title)).toEqual(['gh: quota used up']);
    expect(second.show[0]?.action).toEqual({ view: 'token', name: 'gh' });
    expect(again(at100, second.fired).show).toEqual([]);
  });

  it('Given two tokens sharing an account over 80 %, Then one notification names the account', () => {
    const decision = decideNotifications(
      input([
        tokenSummary({ name: 'a', quota: quota(900, 1000, 'team') }),
        tokenSummary({ name: 'b', quota: quota(900, 1000, 'team') }),
      ]),
    );
    expect(decision.show.map((event) => event.title)).toEqual(['account team: 80 % of the quota used']);
  });

  it('Given a token the upstream rejected, Then "rejected" fires once, and again for a new token that is rejected', () => {
    const rejected = input([tokenSummary({ name: 'gh', status: 'rejected', health: rejectedHealth() })]);
    const first = decideNotifications(rejected);
    expect(first.show.map((event) => [event.kind, event.action.view])).toEqual([['rejected', 'rotate']]);
    expect(again(rejected, first.fired).show).toEqual([]);
    const newToken = again(rejected, first.fired, {
      tokens: [
        tokenSummary({ name: 'gh', status: 'rejected', health: rejectedHealth(), tokenSetAt: NOW.toISOString() }),
      ],
    });
    expect(newToken.show).toHaveLength(1);
  });

  it('Given the proxy port is taken, Then one notification leads to the settings', () => {
    const taken = input([], { proxy: PORT_TAKEN_PROXY });
    const first = decideNotifications(taken);
    expect(first.show).toMatchObject([{ kind: 'port-taken', action: { view: 'settings' } }]);
    expect(again(taken, first.fired).show).toEqual([]);
    // Once the proxy runs, the condition is forgotten; a later failure is a new event.
    const running = again(input([]), first.fired);
    expect(running.fired).toEqual([]);
    expect(again(taken, running.fired).show).toHaveLength(1);
  });

  it('Given a paused token that expires, Then nothing is shown for it while paused', () => {
    const paused = input([tokenSummary({ name: 'gh', paused: true, status: 'paused', expiresAt: daysFromNow(-1) })]);
    const decision = decideNotifications(paused);
    expect(decision.show).toEqual([]);
    expect(decision.fired).toEqual([]);
  });

  it('Given other warning settings, Then they are the thresholds used', () => {
    const thresholds = { expiryDays: [30], quotaPercents: [50] };
    const decision = decideNotifications(
      input([tokenSummary({ name: 'gh', expiresAt: daysFromNow(20), quota: quota(500) }, { thresholds })], {
        expiryDays: thresholds.expiryDays,
        quotaPercents: thresholds.quotaPercents,
      }),
    );
    expect(decision.show.map((event) => event.kind).sort()).toEqual(['expiring', 'quota']);
  });

  it('Given the attention reasons, Then each notification says what the list and the tray say', () => {
    const token = tokenSummary({ name: 'gh', status: 'expired', expiresAt: daysFromNow(-1) });
    const [event] = decideNotifications(input([token])).show;
    expect(event?.body).toBe(token.attention.reasons[0]?.sentence);
  });

  it('Given an unreachable server, a due rotation or a lapsed sign-in, Then only the sign-in interrupts', () => {
    const health = { state: 'unreachable' as const, checkedAt: NOW.toISOString(), detail: null };
    const quiet = input([tokenSummary({ name: 'gh', health, rotationDue: true, ageDays: 200 })]);
    expect(decideNotifications(quiet).show).toEqual([]);
    const signIn = tokenSummary({ name: 'oauth' });
    const lapsed = {
      ...signIn,
      attention: {
        level: 'critical' as const,
        reasons: [
          {
            code: 'sign-in-needed' as const,
            level: 'critical' as const,
            label: 'Sign-in needed',
            sentence: 'Sign-in needed; clients cannot use it until you sign in again.',
            detail: null,
            at: null,
            fix: 'sign-in' as const,
          },
        ],
      },
    };
    expect(decideNotifications(input([lapsed])).show).toMatchObject([
      { kind: 'sign-in', title: 'oauth: sign-in needed', action: { view: 'token', name: 'oauth' } },
    ]);
  });

  it('Given the port is taken, Then the notification names no command', () => {
    const [event] = decideNotifications(
      input([], {
        proxy: {
          ...PORT_TAKEN_PROXY,
          error: {
            code: 'PORT_IN_USE',
            message:
              'Port 8931 on 127.0.0.1 is already in use (is another `keyport serve` or the Keyport app running?). Stop it, or choose another port with `--port <n>` or KEYPORT_PORT.',
          },
        },
      }),
    ).show;
    expect(event?.body).toBe(
      'Port 8931 on 127.0.0.1 is already in use (is another Keyport running?). Stop it, or choose another port in Settings.',
    );
  });
});
