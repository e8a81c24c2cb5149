import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeBrowserWindow as FakeWindow } from './support/electron-mock.js';

vi.mock('electron', async () => {
  const mock = await import('./support/electron-mock.js');
  return { ...mock.electronMock, default: mock.electronMock };
});

const { shell } = await import('./support/electron-mock.js');
const { createMainWindow, HARDENED_WEB_PREFERENCES } = await import('../../main/window.js');
const { CONTENT_SECURITY_POLICY, appPageUrl } = await import('../../main/web-policy.js');
const { silentLogger } = await import('../../src/logger.js');

const INDEX = '/opt/keyport/dist/renderer/index.html';

function openWindow() {
  const window = createMainWindow({
    preloadPath: '/opt/keyport/dist/main/preload.cjs',
    indexHtmlPath: INDEX,
    allowedExternalOrigins: () => new Set(['https://github.com']),
    logger: silentLogger,
  }) as unknown as FakeWindow;
  return window;
}

describe('main window', () => {
  beforeEach(() => {
    shell.openExternal.mockClear();
  });

  it('Then it is isolated, sandboxed, without Node, with web security, and loads the app page', () => {
    const window = openWindow();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/opt/keyport/dist/main/preload.cjs',
    });
    expect(HARDENED_WEB_PREFERENCES.sandbox).toBe(true);
    expect(window.loadedUrl).toBe(appPageUrl(INDEX));
  });

  it('Then every response carries the strict CSP', () => {
    const window = openWindow();
    let answered: { responseHeaders?: Record<string, string[]> } = {};
    window.webContents.session.headersListener?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, (value) => {
      answered = value as typeof answered;
    });
    expect(answered.responseHeaders?.['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('Then permission requests and checks are denied', () => {
    const window = openWindow();
    const decisions: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      window.webContents.session.permissionRequestHandler?.(window.webContents, permission, (ok) => decisions.push(ok));
    }
    expect(decisions).toEqual([false, false, false, false]);
    expect(window.webContents.session.permissionCheckHandler?.()).toBe(false);
  });

  it('When the page calls window.open, Then no window opens; an allowlisted https link goes to the browser', () => {
    const window = openWindow();
    const handler = window.webContents.windowOpenHandler!;
    expect(handler({ url: 'https://github.com/settings/tokens' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'http://github.com/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://github.com/settings/tokens']]);
  });

  it('When the page navigates away, Then navigation is prevented; in-app routes are allowed', () => {
    const window = openWindow();
    const navigate = (url: string) => {
      const event = { prevented: false, preventDefault: () => (event.prevented = true) };
      window.webContents.emit('will-navigate', event, url);
      return event.prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(`${appPageUrl(INDEX)}#/settings`)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
    const redirect = { prevented: false, preventDefault: () => (redirect.prevented = true) };
    window.webContents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.prevented).toBe(true);
    const webview = { prevented: false, preventDefault: () => (webview.prevented = true) };
    window.webContents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });
});
