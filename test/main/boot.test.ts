import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import type { CreateRuntimeOptions } from '../../main/runtime.js';

vi.mock('electron', async () => {
  const mock = await import('./support/electron-mock.js');
  return { ...mock.electronMock, default: mock.electronMock };
});

const electron = await import('./support/electron-mock.js');
const { bootApp } = await import('../../main/boot.js');
const { silentLogger } = await import('../../src/logger.js');
const { fixedClock } = await import('../../src/clock.js');
const { tempHome } = await import('../support/temp-home.js');
const { fakeRuntime } = await import('./support/fake-runtime.js');
const { NOW, PORT_TAKEN_PROXY, RUNNING_PROXY, daysFromNow, tokenSummary } = await import('./support/fixtures.js');

const { app, calls, FakeBrowserWindow, FakeTray, Notification, ipcMain } = electron;

function boot(options: {
  argv?: string[];
  home: string;
  proxy?: typeof RUNNING_PROXY;
  runCli?: () => Promise<number>;
}) {
  const fake = fakeRuntime({
    tokens: [tokenSummary({ name: 'gh', status: 'expiring', expiresAt: daysFromNow(3) })],
    proxy: options.proxy ?? RUNNING_PROXY,
    calls,
  });
  const createRuntime = vi.fn(async (_options: CreateRuntimeOptions) => {
    calls.push('createRuntime');
    return fake.runtime;
  });
  const runCli = vi.fn(options.runCli ?? (async () => 0));
  const outcome = bootApp({
    argv: options.argv ?? ['/opt/Keyport/keyport'],
    env: { KEYPORT_HOME: options.home },
    platform: 'linux',
    execPath: '/opt/Keyport/keyport',
    preloadPath: '/opt/Keyport/resources/app.asar/dist/main/preload.cjs',
    indexHtmlPath: '/opt/Keyport/resources/app.asar/dist/renderer/index.html',
    logger: silentLogger,
    runCli,
    createRuntime,
    clock: fixedClock(NOW),
  });
  return { outcome, createRuntime, runCli, runtime: fake.runtime, audit: fake.audit };
}

/** Lets the queued refresh and notification checks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('app boot', () => {
  beforeEach(() => {
    calls.length = 0;
    app.removeAllListeners();
    app.gotLock = true;
    FakeBrowserWindow.instances.length = 0;
    FakeTray.instances.length = 0;
    Notification.shown.length = 0;
    ipcMain.handlers.clear();
  });

  it('Then the lock comes first, the data folder is set before ready, and the proxy starts before tray, IPC and window', async () => {
    const home = tempHome('boot');
    const { outcome } = boot({ home });
    expect(await outcome).toBe('running');
    const order = calls.filter((call) => !call.startsWith('tray.'));
    expect(order).toEqual([
      'requestSingleInstanceLock',
      'setPath userData',
      'setPath sessionData',
      'whenReady',
      'createRuntime',
      'proxy.start',
      'new Tray',
      'new BrowserWindow',
    ]);
    expect(app.paths.userData).toBe(home);
    expect(app.paths.sessionData).toBe(`${home}/Session`);
    expect(ipcMain.handlers.size).toBe(24);
  });

  it('Given Electron run from source (electron .), then the runtime learns the app folder for the bridge command; packaged, it does not', async () => {
    const packaged = boot({ home: tempHome('boot-packaged') });
    expect(await packaged.outcome).toBe('running');
    expect(packaged.createRuntime.mock.calls[0]?.[0]).toMatchObject({ unpackagedAppPath: undefined });

    // What Electron sets when started as `electron <app folder>`.
    Object.defineProperty(process, 'defaultApp', { value: true, configurable: true });
    try {
      const dev = boot({ home: tempHome('boot-dev') });
      expect(await dev.outcome).toBe('running');
      expect(dev.createRuntime.mock.calls[0]?.[0]).toMatchObject({ unpackagedAppPath: '/home/dev/keyport' });
    } finally {
      Reflect.deleteProperty(process, 'defaultApp');
    }
  });

  it('Given another instance holds the lock, Then this one quits without touching the data or opening anything', async () => {
    app.gotLock = false;
    const { outcome, createRuntime } = boot({ home: tempHome('boot-second') });
    expect(await outcome).toBe('second-instance');
    expect(calls).toEqual(['requestSingleInstanceLock', 'app.quit']);
    expect(createRuntime).not.toHaveBeenCalled();
  });

  it('When a second instance starts, Then the first shows and focuses its window', async () => {
    await boot({ home: tempHome('boot-focus'), argv: ['/opt/Keyport/keyport', '--hidden'] }).outcome;
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    app.emit('second-instance');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    app.emit('second-instance');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(FakeBrowserWindow.instances[0]!.focused).toBe(1);
  });

  it('Given a CLI launch, Then the CLI runs with its arguments and the app exits with its code; no lock, no window', async () => {
    const { outcome, runCli } = boot({
      home: tempHome('boot-cli'),
      argv: ['/opt/Keyport/keyport', '--keyport-cli', 'bridge', 'gh'],
      runCli: async () => 3,
    });
    expect(await outcome).toBe('cli');
    expect(runCli).toHaveBeenCalledWith(['/opt/Keyport/keyport', 'keyport', 'bridge', 'gh']);
    expect(calls).toEqual(['app.exit 3']);
  });

  it('When the app quits, Then the runtime closes (usage flushed) before the app really quits', async () => {
    const { outcome, runtime } = boot({ home: tempHome('boot-quit') });
    await outcome;
    calls.length = 0;
    app.quit();
    await vi.waitFor(() => expect(calls.filter((call) => call === 'app.quit')).toHaveLength(2));
    expect(runtime.close).toHaveBeenCalledTimes(1);
    expect(calls).toEqual(['app.quit', 'runtime.close', 'tray.destroy', 'app.quit']);
  });

  it('Then the window’s own page can call IPC; tokens and audit entries are pushed to it; the tray shows them', async () => {
    const booted = boot({ home: tempHome('boot-ipc') });
    await booted.outcome;
    const window = FakeBrowserWindow.instances[0]!;
    const event = { sender: { id: window.webContents.id }, senderFrame: { url: window.loadedUrl, parent: null } };
    const result = await ipcMain.handlers.get('tokens:list')!(event as unknown as IpcMainInvokeEvent);
    expect(result).toMatchObject({ ok: true, value: [{ name: 'gh' }] });
    const tray = FakeTray.instances[0]!;
    expect(tray.tooltip).toBe('Keyport — The token needs attention (1 warning).');
    await settle();
    const pushed = window.webContents.sent.find((message) => message.channel === 'tokens:changed');
    expect(pushed?.payload).toMatchObject([{ name: 'gh', masked: 'sk_live_…x7z9' }]);
    const entry = {
      time: '2026-03-10T12:00:00.000Z',
      client: 'cursor',
      connection: 'gh',
      method: 'tools/call',
      tool: 'search',
      status: 200,
      latencyMs: 9,
    };
    booted.audit([entry]);
    expect(window.webContents.sent.filter((message) => message.channel === 'audit:entry')).toEqual([
      { channel: 'audit:entry', payload: entry },
    ]);
  });

  it('Given an expiring token and a taken port, Then each notification is shown once across refreshes and restarts', async () => {
    const home = tempHome('boot-notify');
    await boot({ home, proxy: PORT_TAKEN_PROXY }).outcome;
    await settle();
    app.emit('second-instance');
    await settle();
    expect(Notification.shown.map((shown) => shown.title).sort()).toEqual([
      'Keyport proxy could not start',
      'gh: token expires in 3 days',
    ]);
    app.removeAllListeners();
    await boot({ home, proxy: PORT_TAKEN_PROXY }).outcome;
    await settle();
    expect(Notification.shown).toHaveLength(2);
  });
});
