/**
 * The tray as a pure function of state: which icon, which tooltip, which menu — all from the
 * core's attention model (worst token first, its reason on top).
 * `tray.ts` turns the template into a native menu and rebuilds it when state changes.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { AttentionLevel, ProxyStatus, TokenSummary } from '../src/contract/dto.js';
import { appText } from '../src/core/app-wording.js';
import { attentionSummary, sortTokens } from '../src/core/token-order.js';
import { tokenStatusLine } from './tray-status.js';

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
  /** Signs an OAuth connection in again (the browser opens; the proxy itself never does). */
  signIn(name: string): void;
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
}

const hasLevel = (tokens: readonly TokenSummary[], level: AttentionLevel) =>
  tokens.some((token) => token.attention.level === level);

/** From the attention model: error when the proxy is down or a token is critical; attention for a warning. */
export function trayIconState(state: Pick<TrayState, 'tokens' | 'proxy'>): TrayIconState {
  if (state.proxy.error !== null || hasLevel(state.tokens, 'critical')) return 'error';
  if (state.proxy.paused || hasLevel(state.tokens, 'warning')) return 'attention';
  return 'ok';
}

export function trayTooltip(state: Pick<TrayState, 'tokens' | 'proxy'>): string {
  if (state.proxy.error !== null) return `Keyport — proxy stopped: ${appText(state.proxy.error.message)}`;
  if (state.proxy.paused) return 'Keyport — proxy paused';
  return `Keyport — ${attentionSummary(state.tokens)}`;
}

const LEVEL_MARK: Record<AttentionLevel, string> = { ok: '', warning: '⚠ ', critical: '✖ ' };

function tokenSubmenu(token: TokenSummary, options: TrayMenuOptions): MenuItemConstructorOptions {
  const { actions, state } = options;
  const name = token.name;
  const pageUrl = token.tokenPageUrl;
  const previousValid = token.previous !== null && new Date(token.previous.until).getTime() > state.now.getTime();
  const worst = token.attention.reasons[0];
  const submenu: MenuItemConstructorOptions[] = [
    ...(worst ? [{ id: `${name}:why`, label: appText(worst.sentence), enabled: false }] : []),
    { id: `${name}:status`, label: tokenStatusLine(token, state.now), enabled: false },
    { type: 'separator' },
    ...renewItems(token, actions),
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
  return { id: `token:${name}`, label: `${LEVEL_MARK[token.attention.level]}${name}`, submenu };
}

/** How a token is renewed: OAuth signs in again; a command's token renews itself; a stored token is rotated. */
function renewItems(token: TokenSummary, actions: TrayActions): MenuItemConstructorOptions[] {
  const name = token.name;
  if (token.kind === 'oauth')
    return [{ id: `${name}:sign-in`, label: 'Sign in again', click: () => actions.signIn(name) }];
  if (token.kind === 'command') return [];
  return [
    { id: `${name}:rotate-clipboard`, label: 'Rotate from clipboard', click: () => actions.rotateFromClipboard(name) },
    { id: `${name}:rotate`, label: 'Rotate…', click: () => actions.openRotateDialog(name) },
  ];
}

export function buildTrayMenu(options: TrayMenuOptions): MenuItemConstructorOptions[] {
  const { state, actions } = options;
  const tokens = sortTokens(state.tokens, 'attention');
  const items: MenuItemConstructorOptions[] =
    tokens.length > 0
      ? tokens.map((token) => tokenSubmenu(token, options))
      : [{ id: 'no-tokens', label: 'No tokens yet — open Keyport to add one', enabled: false }];
  if (state.proxy.error !== null) {
    items.push({ id: 'proxy-error', label: `Proxy stopped: ${appText(state.proxy.error.message)}`, enabled: false });
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
