/**
 * The tray as a pure function of state: which icon, which tooltip, which menu.
 * `tray.ts` turns the template into a native menu and rebuilds it when state changes.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ProxyStatus, TokenSummary } from '../src/contract/dto.js';
import { quotaPercent, tokenStatusLine } from './tray-status.js';

export type TrayIconState = 'ok' | 'attention' | 'error';

export interface TrayState {
  readonly tokens: readonly TokenSummary[];
  readonly proxy: ProxyStatus;
  readonly startAtLogin: boolean;
  readonly now: Date;
}

/** What the menu items do; wired by the composition root. */
export interface TrayActions {
  rotateFromClipboard(name: string): void;
  openRotateDialog(name: string): void;
  copyProxyUrl(name: string): void;
  setTokenPaused(name: string, paused: boolean): void;
  testConnection(name: string): void;
  rollback(name: string): void;
  openTokenPage(url: string): void;
  openWindow(): void;
  setProxyPaused(paused: boolean): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

export interface TrayMenuOptions {
  readonly state: TrayState;
  readonly actions: TrayActions;
  /** The provider's token page (https), when the format table knows it. */
  readonly tokenPageUrl: (provider: string) => string | null;
}

const ATTENTION_QUOTA_PERCENT = 80;

function tokenNeedsAttention(token: TokenSummary): boolean {
  return token.status === 'expiring' || token.rotationDue || quotaPercent(token.quota) >= ATTENTION_QUOTA_PERCENT;
}

function tokenIsBroken(token: TokenSummary): boolean {
  return token.status === 'expired' || token.status === 'rejected' || quotaPercent(token.quota) >= 100;
}

/** error: the proxy is down or a token no longer works; attention: something is about to bite. */
export function trayIconState(state: Pick<TrayState, 'tokens' | 'proxy'>): TrayIconState {
  if (state.proxy.error !== null || state.tokens.some(tokenIsBroken)) return 'error';
  if (state.proxy.paused || state.tokens.some(tokenNeedsAttention)) return 'attention';
  return 'ok';
}

export function trayTooltip(state: Pick<TrayState, 'tokens' | 'proxy'>): string {
  if (state.proxy.error !== null) return `Keyport — proxy stopped: ${state.proxy.error.message}`;
  if (state.proxy.paused) return 'Keyport — proxy paused';
  const broken = state.tokens.filter(tokenIsBroken).length;
  const attention = state.tokens.filter((token) => !tokenIsBroken(token) && tokenNeedsAttention(token)).length;
  if (broken > 0) return `Keyport — ${broken} token${broken === 1 ? '' : 's'} not working`;
  if (attention > 0)
    return `Keyport — ${attention} token${attention === 1 ? '' : 's'} need${attention === 1 ? 's' : ''} attention`;
  const count = state.tokens.length;
  return `Keyport — ${count} token${count === 1 ? '' : 's'}, all good`;
}

const STATUS_MARK: Record<TrayIconState, string> = { ok: '', attention: '⚠ ', error: '✖ ' };

function tokenSubmenu(token: TokenSummary, options: TrayMenuOptions): MenuItemConstructorOptions {
  const { actions, state } = options;
  const name = token.name;
  const pageUrl = options.tokenPageUrl(token.provider);
  const previousValid = token.previous !== null && new Date(token.previous.until).getTime() > state.now.getTime();
  const mark = STATUS_MARK[tokenIsBroken(token) ? 'error' : tokenNeedsAttention(token) ? 'attention' : 'ok'];
  const submenu: MenuItemConstructorOptions[] = [
    { id: `${name}:status`, label: tokenStatusLine(token, state.now), enabled: false },
    { type: 'separator' },
    { id: `${name}:rotate-clipboard`, label: 'Rotate from clipboard', click: () => actions.rotateFromClipboard(name) },
    { id: `${name}:rotate`, label: 'Rotate…', click: () => actions.openRotateDialog(name) },
  ];
  if (previousValid && token.previous !== null) {
    submenu.push({
      id: `${name}:rollback`,
      label: `Roll back to ${token.previous.masked}`,
      click: () => actions.rollback(name),
    });
  }
  submenu.push(
    {
      id: `${name}:copy-url`,
      label: 'Copy proxy URL',
      enabled: state.proxy.url !== null,
      click: () => actions.copyProxyUrl(name),
    },
    token.paused
      ? { id: `${name}:resume`, label: 'Resume', click: () => actions.setTokenPaused(name, false) }
      : { id: `${name}:pause`, label: 'Pause', click: () => actions.setTokenPaused(name, true) },
    { id: `${name}:test`, label: 'Test connection', click: () => actions.testConnection(name) },
  );
  if (pageUrl !== null) {
    submenu.push({
      id: `${name}:token-page`,
      label: "Open the provider's token page",
      click: () => actions.openTokenPage(pageUrl),
    });
  }
  return { id: `token:${name}`, label: `${mark}${name}`, submenu };
}

export function buildTrayMenu(options: TrayMenuOptions): MenuItemConstructorOptions[] {
  const { state, actions } = options;
  const tokens = [...state.tokens].sort((a, b) => a.name.localeCompare(b.name));
  const items: MenuItemConstructorOptions[] =
    tokens.length > 0
      ? tokens.map((token) => tokenSubmenu(token, options))
      : [{ id: 'no-tokens', label: 'No tokens yet — open Keyport to add one', enabled: false }];
  if (state.proxy.error !== null) {
    items.push({ id: 'proxy-error', label: `Proxy stopped: ${state.proxy.error.message}`, enabled: false });
  }
  items.push(
    { type: 'separator' },
    { id: 'open', label: 'Open Keyport', click: () => actions.openWindow() },
    {
      id: 'pause-proxy',
      label: 'Pause proxy',
      type: 'checkbox',
      checked: state.proxy.paused,
      enabled: state.proxy.error === null,
      click: () => actions.setProxyPaused(!state.proxy.paused),
    },
    {
      id: 'start-at-login',
      label: 'Start at login',
      type: 'checkbox',
      checked: state.startAtLogin,
      click: () => actions.setStartAtLogin(!state.startAtLogin),
    },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  );
  return items;
}
