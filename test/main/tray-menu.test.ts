import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { TokenSummary } from '../../src/contract/dto.js';
import { buildTrayMenu, trayIconState, trayTooltip, type TrayActions, type TrayState } from '../../main/tray-menu.js';
import { tokenStatusLine } from '../../main/tray-status.js';
import { NOW, PORT_TAKEN_PROXY, RUNNING_PROXY, daysFromNow, rejectedHealth, tokenSummary } from './support/fixtures.js';

function actionsSpy(): TrayActions {
  return {
    rotateFromClipboard: vi.fn(),
    signIn: vi.fn(),
    openRotateDialog: vi.fn(),
    copyProxyUrl: vi.fn(),
    setTokenPaused: vi.fn(),
    testConnection: vi.fn(),
    rollback: vi.fn(),
    openTokenPage: vi.fn(),
    openWindow: vi.fn(),
    setProxyPaused: vi.fn(),
    setStartAtLogin: vi.fn(),
    quit: vi.fn(),
  };
}

function state(tokens: readonly TokenSummary[], overrides: Partial<TrayState> = {}): TrayState {
  return { tokens, proxy: RUNNING_PROXY, startAtLogin: false, now: NOW, ...overrides };
}

const TOKEN_PAGE = 'https://dashboard.example.com/settings/tokens';

function find(items: readonly MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  for (const item of items) {
    if (item.id === id) return item;
    if (Array.isArray(item.submenu)) {
      const found = item.submenu.find((child) => child.id === id);
      if (found) return found;
    }
  }
  throw new Error(`no menu item ${id}`);
}

function labels(items: readonly MenuItemConstructorOptions[]): string[] {
  return items.filter((item) => item.type !== 'separator').map((item) => item.label ?? '');
}

function click(item: MenuItemConstructorOptions): void {
  (item.click as () => void)();
}

describe('tray status line', () => {
  it('Given a healthy token with a quota, Then the line shows expiry, calls and last use', () => {
    const token = tokenSummary({ name: 'github', expiresAt: daysFromNow(5.2) });
    expect(tokenStatusLine(token, NOW)).toBe('Expires in 5 days · 1,234 / 5,000 calls · used 3 min ago');
  });

  it('Given an expired, never-used token without a quota, Then the line says so', () => {
    const token = tokenSummary({
      name: 'old',
      status: 'expired',
      expiresAt: daysFromNow(-2),
      lastUsedAt: null,
      quota: { limit: null, used: 0, resetsAt: null, account: null, provider: null },
    });
    expect(tokenStatusLine(token, NOW)).toBe('Expired 2 days ago · never used');
  });

  it('Given tokens that need attention, Then the line starts with the attention labels, worst first', () => {
    const rejected = tokenSummary({ name: 'a', status: 'rejected', health: rejectedHealth(), expiresAt: null });
    expect(tokenStatusLine(rejected, NOW)).toMatch(/^Rejected · Never expires · /);
    expect(tokenStatusLine(tokenSummary({ name: 'b', status: 'paused', paused: true }), NOW)).toMatch(/^Paused · /);
    const busy = tokenSummary({
      name: 'c',
      expiresAt: daysFromNow(2.2),
      quota: { limit: 100, used: 95, resetsAt: null, account: null, provider: null },
    });
    expect(tokenStatusLine(busy, NOW)).toBe('Quota 95 % · Expires in 2 days · 95 / 100 calls · used 3 min ago');
  });

  it('Given calls but no quota, Then the line counts the calls this period', () => {
    const token = tokenSummary({
      name: 'd',
      quota: { limit: null, used: 42, resetsAt: null, account: null, provider: null },
    });
    expect(tokenStatusLine(token, NOW)).toBe('Expires in 60 days · 42 calls this period · used 3 min ago');
  });
});

describe('tray icon state', () => {
  it('Given only healthy tokens, Then the icon is ok', () => {
    const s = state([tokenSummary({ name: 'a' })]);
    expect(trayIconState(s)).toBe('ok');
    expect(trayTooltip(s)).toBe('Keyport — The token is fine.');
  });

  it('Given an expiring token or one over 80 % of its quota, Then the icon asks for attention', () => {
    expect(trayIconState(state([tokenSummary({ name: 'a', status: 'expiring', expiresAt: daysFromNow(3) })]))).toBe(
      'attention',
    );
    const busy = tokenSummary({
      name: 'b',
      quota: { limit: 100, used: 85, resetsAt: null, account: null, provider: null },
    });
    expect(trayIconState(state([busy]))).toBe('attention');
    expect(trayTooltip(state([busy, tokenSummary({ name: 'c' })]))).toBe(
      'Keyport — 1 of 2 tokens needs attention (1 warning).',
    );
  });

  it('Given an expired, rejected or over-quota token, or a proxy that failed, Then the icon shows an error', () => {
    expect(trayIconState(state([tokenSummary({ name: 'a', status: 'expired', expiresAt: daysFromNow(-1) })]))).toBe(
      'error',
    );
    expect(trayIconState(state([tokenSummary({ name: 'a', status: 'rejected', health: rejectedHealth() })]))).toBe(
      'error',
    );
    const over = tokenSummary({
      name: 'a',
      quota: { limit: 100, used: 100, resetsAt: null, account: null, provider: null },
    });
    expect(trayIconState(state([over]))).toBe('error');
    expect(trayIconState(state([], { proxy: PORT_TAKEN_PROXY }))).toBe('error');
  });

  it('Given a token the last check could not reach, Then the icon asks for attention (not an error)', () => {
    const health = { state: 'unreachable' as const, checkedAt: NOW.toISOString(), detail: 'Cannot reach it.' };
    expect(trayIconState(state([tokenSummary({ name: 'a', status: 'unreachable', health })]))).toBe('attention');
  });

  it('Given a paused proxy, Then the icon asks for attention', () => {
    expect(trayIconState(state([], { proxy: { ...RUNNING_PROXY, running: false, paused: true } }))).toBe('attention');
  });
});

describe('tray menu', () => {
  it('Given two tokens, Then each has a submenu (sorted) and the app items follow', () => {
    const menu = buildTrayMenu({
      state: state([
        tokenSummary({ name: 'zeta', tokenPageUrl: TOKEN_PAGE }),
        tokenSummary({ name: 'alpha', provider: 'unknown', kind: 'bearer' }),
      ]),
      actions: actionsSpy(),
    });
    expect(labels(menu)).toEqual(['alpha', 'zeta', 'Open Keyport', 'Pause proxy', 'Start at login', 'Quit']);
    const zeta = find(menu, 'token:zeta').submenu as MenuItemConstructorOptions[];
    expect(labels(zeta)).toEqual([
      'Expires in 60 days · 1,234 / 5,000 calls · used 3 min ago',
      'Rotate from clipboard',
      'Rotate…',
      'Copy proxy URL',
      'Pause',
      'Test connection',
      "Open the provider's token page",
    ]);
    expect(find(menu, 'zeta:status').enabled).toBe(false);
    // No token page known for this provider: no such item.
    expect(() => find(menu, 'alpha:token-page')).toThrow();
  });

  it('Given tokens in every state, Then the worst come first, marked, each with its reason on top', () => {
    const menu = buildTrayMenu({
      state: state([
        tokenSummary({ name: 'a-fine' }),
        tokenSummary({ name: 'expiring', status: 'expiring', expiresAt: daysFromNow(2) }),
        tokenSummary({ name: 'expired', status: 'expired', expiresAt: daysFromNow(-1) }),
        tokenSummary({ name: 'over', quota: { limit: 10, used: 12, resetsAt: null, account: null, provider: null } }),
        tokenSummary({ name: 'rejected', status: 'rejected', health: rejectedHealth(40) }),
      ]),
      actions: actionsSpy(),
    });
    expect(labels(menu).slice(0, 5)).toEqual(['✖ expired', '✖ rejected', '✖ over', '⚠ expiring', 'a-fine']);
    expect(find(menu, 'over:status').label).toContain('12 / 10 calls');
    expect(find(menu, 'rejected:status').label).toMatch(/^Rejected · /);
    expect(find(menu, 'rejected:why')).toMatchObject({
      label: expect.stringMatching(/^The server rejected the token \(HTTP 401\) 40 min ago/),
      enabled: false,
    });
    expect(() => find(menu, 'a-fine:why')).toThrow();
  });

  it('Given a paused token, Then it offers Resume, which resumes it', () => {
    const actions = actionsSpy();
    const menu = buildTrayMenu({
      state: state([tokenSummary({ name: 'gh', status: 'paused', paused: true })]),
      actions,
    });
    expect(() => find(menu, 'gh:pause')).toThrow();
    click(find(menu, 'gh:resume'));
    expect(actions.setTokenPaused).toHaveBeenCalledWith('gh', false);
  });

  it('Given a rotation that can still be undone, Then "Roll back" is offered until it expires', () => {
    const previous = { masked: 'sk_live_…a1b2', until: daysFromNow(0.5) };
    const token = tokenSummary({ name: 'gh', previous });
    const actions = actionsSpy();
    const menu = buildTrayMenu({ state: state([token]), actions });
    click(find(menu, 'gh:rollback'));
    expect(actions.rollback).toHaveBeenCalledWith('gh');
    const later = buildTrayMenu({ state: state([token], { now: new Date(daysFromNow(1)) }), actions });
    expect(() => find(later, 'gh:rollback')).toThrow();
  });

  it('When items are clicked, Then the matching actions run with the token name', () => {
    const actions = actionsSpy();
    const menu = buildTrayMenu({ state: state([tokenSummary({ name: 'gh', tokenPageUrl: TOKEN_PAGE })]), actions });
    click(find(menu, 'gh:rotate-clipboard'));
    click(find(menu, 'gh:rotate'));
    click(find(menu, 'gh:copy-url'));
    click(find(menu, 'gh:pause'));
    click(find(menu, 'gh:test'));
    click(find(menu, 'gh:token-page'));
    click(find(menu, 'open'));
    click(find(menu, 'pause-proxy'));
    click(find(menu, 'start-at-login'));
    click(find(menu, 'quit'));
    expect(actions.rotateFromClipboard).toHaveBeenCalledWith('gh');
    expect(actions.openRotateDialog).toHaveBeenCalledWith('gh');
    expect(actions.copyProxyUrl).toHaveBeenCalledWith('gh');
    expect(actions.setTokenPaused).toHaveBeenCalledWith('gh', true);
    expect(actions.testConnection).toHaveBeenCalledWith('gh');
    expect(actions.openTokenPage).toHaveBeenCalledWith(TOKEN_PAGE);
    expect(actions.openWindow).toHaveBeenCalled();
    expect(actions.setProxyPaused).toHaveBeenCalledWith(true);
    expect(actions.setStartAtLogin).toHaveBeenCalledWith(true);
    expect(actions.quit).toHaveBeenCalled();
  });

  it('Given a paused proxy and start at login on, Then the checkboxes are checked and clicking flips them', () => {
    const actions = actionsSpy();
    const menu = buildTrayMenu({
      state: state([], { proxy: { ...RUNNING_PROXY, running: false, url: null, paused: true }, startAtLogin: true }),
      actions,
    });
    expect(labels(menu)[0]).toBe('No tokens yet — open Keyport to add one');
    expect(find(menu, 'pause-proxy').checked).toBe(true);
    expect(find(menu, 'start-at-login').checked).toBe(true);
    click(find(menu, 'pause-proxy'));
    click(find(menu, 'start-at-login'));
    expect(actions.setProxyPaused).toHaveBeenCalledWith(false);
    expect(actions.setStartAtLogin).toHaveBeenCalledWith(false);
  });

  it('Given a proxy that could not start, Then the menu says why and "Copy proxy URL" is disabled', () => {
    const menu = buildTrayMenu({
      state: state([tokenSummary({ name: 'gh' })], { proxy: PORT_TAKEN_PROXY }),
      actions: actionsSpy(),
    });
    expect(find(menu, 'proxy-error').label).toContain('already in use');
    expect(trayTooltip(state([], { proxy: PORT_TAKEN_PROXY }))).toMatch(/^Keyport — proxy stopped: Port 8931/);
    expect(find(menu, 'gh:copy-url').enabled).toBe(false);
  });
});

describe('tray menu for OAuth and command connections', () => {
  it('Given an OAuth connection whose sign-in lapsed, Then its submenu offers Sign in again (and no rotation), and it signs in', () => {
    const actions = actionsSpy();
    const token = tokenSummary({ name: 'linear', kind: 'oauth', masked: 'OAuth', expiresAt: null });
    const lapsed = {
      ...token,
      attention: {
        level: 'critical' as const,
        reasons: [
          {
            code: 'sign-in-needed' as const,
            level: 'critical' as const,
            label: 'Sign-in needed',
            sentence: 'Sign-in needed: the authorization server refused the refresh.',
            detail: null,
            at: null,
            fix: 'sign-in' as const,
          },
        ],
      },
    };
    const items = buildTrayMenu({ state: state([lapsed]), actions });
    const signIn = find(items, 'linear:sign-in');
    expect(signIn.label).toBe('Sign in again');
    click(signIn);
    expect(actions.signIn).toHaveBeenCalledWith('linear');
    expect(() => find(items, 'linear:rotate')).toThrow(/no menu item/);
    expect(find(items, 'linear:why').label).toContain('Sign-in needed');
  });

  it('Given a command connection, Then its submenu has neither rotation nor sign-in: the command renews the token', () => {
    const items = buildTrayMenu({
      state: state([tokenSummary({ name: 'gh', kind: 'command', masked: '$(gh)', expiresAt: null })]),
      actions: actionsSpy(),
    });
    expect(() => find(items, 'gh:rotate-clipboard')).toThrow(/no menu item/);
    expect(() => find(items, 'gh:sign-in')).toThrow(/no menu item/);
    expect(find(items, 'gh:test').label).toBe('Test connection');
  });
});
