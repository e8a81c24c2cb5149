/**
 * The one app window, hardened: isolated, sandboxed renderer without Node; a strict CSP (in the
 * page's meta tag, injected at build from web-policy.ts, and as a header on any response the session
 * receives); no new windows, no navigation away from the app's page, no permissions; external
 * links open in the browser only when https and allowlisted.
 */
import { BrowserWindow, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import type { Logger } from '../src/logger.js';
import { appPageUrl, isAllowedExternalUrl, isAppUrl, withContentSecurityPolicy } from './web-policy.js';

export const HARDENED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const satisfies WebPreferences;

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly indexHtmlPath: string;
  readonly allowedExternalOrigins: () => ReadonlySet<string>;
  readonly logger: Logger;
  readonly show?: boolean;
}

/** CSP on every response and no permission ever granted, for the session the window uses. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Deny window.open and navigation; hand allowlisted https links to the browser. */
export function hardenWebContents(contents: WebContents, options: MainWindowOptions, appUrl: string): void {
  const openExternally = (url: string) => {
    if (isAllowedExternalUrl(url, options.allowedExternalOrigins())) {
      void shell.openExternal(url);
    } else {
      options.logger.warn('blocked a link that is not https or not allowlisted');
    }
  };
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  const blockNavigation = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url, appUrl)) return;
    event.preventDefault();
    openExternally(url);
  };
  contents.on('will-navigate', blockNavigation);
  contents.on('will-redirect', blockNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 760,
    minHeight: 520,
    title: 'Keyport',
    show: options.show ?? true,
    autoHideMenuBar: true,
    webPreferences: { ...HARDENED_WEB_PREFERENCES, preload: options.preloadPath },
  });
  const appUrl = appPageUrl(options.indexHtmlPath);
  hardenSession(window.webContents.session);
  hardenWebContents(window.webContents, options, appUrl);
  void window.loadURL(appUrl);
  return window;
}
