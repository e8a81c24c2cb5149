/**
 * A recording stand-in for the `electron` module, for vi.mock('electron', …) in test/main.
 * Each fake records what main asked of it, in order, in `calls`.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export const calls: string[] = [];

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly session = fakeSession();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  isDestroyed() {
    return false;
  }
  getType() {
    return 'window';
  }
}

export function fakeSession() {
  const session = {
    headersListener: null as null | ((details: { responseHeaders?: Record<string, string[]> }, cb: Listener) => void),
    permissionRequestHandler: null as
      null | ((contents: unknown, permission: string, cb: (ok: boolean) => void) => void),
    permissionCheckHandler: null as null | (() => boolean),
    webRequest: {
      onHeadersReceived(listener: (details: { responseHeaders?: Record<string, string[]> }, cb: Listener) => void) {
        session.headersListener = listener;
      },
    },
    setPermissionRequestHandler(handler: (contents: unknown, permission: string, cb: (ok: boolean) => void) => void) {
      session.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: () => boolean) {
      session.permissionCheckHandler = handler;
    },
  };
  return session;
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  shown = 0;
  focused = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    calls.push('new BrowserWindow');
    FakeBrowserWindow.instances.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {
    this.shown += 1;
  }
  focus() {
    this.focused += 1;
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  menu: unknown = null;
  tooltip = '';
  constructor(readonly image: unknown) {
    super();
    calls.push('new Tray');
    FakeTray.instances.push(this);
  }
  setImage() {}
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
  destroy() {
    calls.push('tray.destroy');
  }
}

export const app = Object.assign(new EventEmitter(), {
  gotLock: true,
  paths: {} as Record<string, string>,
  requestSingleInstanceLock: vi.fn(() => {
    calls.push('requestSingleInstanceLock');
    return app.gotLock;
  }),
  quit: vi.fn(() => {
    calls.push('app.quit');
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    app.emit('before-quit', event);
  }),
  exit: vi.fn((code: number) => calls.push(`app.exit ${code}`)),
  setPath: vi.fn((name: string, value: string) => {
    calls.push(`setPath ${name}`);
    app.paths[name] = value;
  }),
  getPath: vi.fn((name: string) => app.paths[name] ?? '/nonexistent'),
  getVersion: () => '0.0.0-test',
  getAppPath: () => '/home/dev/keyport',
  whenReady: vi.fn(async () => {
    calls.push('whenReady');
  }),
  getLoginItemSettings: () => ({ openAtLogin: false }),
  setLoginItemSettings: vi.fn(),
  dock: undefined,
});

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle: vi.fn((channel: string, handler: Listener) => {
    ipcMain.handlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => ipcMain.handlers.delete(channel)),
  on: vi.fn(),
};

export const clipboardState = { text: '' };
export const clipboard = {
  readText: vi.fn(async () => clipboardState.text),
  writeText: vi.fn(async (text: string) => {
    clipboardState.text = text;
  }),
  clear: vi.fn(() => {
    clipboardState.text = '';
  }),
};

export const shell = { openExternal: vi.fn(async () => undefined), openPath: vi.fn() };

export const nativeImage = {
  createFromBitmap: () => ({ addRepresentation: () => undefined }),
};

export const Menu = { buildFromTemplate: (template: unknown) => ({ template }) };

export class Notification extends EventEmitter {
  static shown: { title: string; body: string }[] = [];
  static isSupported() {
    return true;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    Notification.shown.push({ title: this.options.title, body: this.options.body });
  }
}

export const dialog = { showErrorBox: vi.fn() };

export const electronMock = {
  app,
  ipcMain,
  clipboard,
  shell,
  nativeImage,
  Menu,
  Notification,
  dialog,
  Tray: FakeTray,
  BrowserWindow: FakeBrowserWindow,
};
