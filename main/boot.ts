/**
 * The desktop app's boot sequence (main/index.ts calls it with the real seams):
 * CLI launch? → run the CLI and exit (no window, no lock). Otherwise: single-instance lock
 * (a second instance focuses the first and quits) → data folder → app ready → core (metadata
 * via electron-store, keychain vault) → proxy → tray → IPC → notifications → window.
 * On quit: stop the proxy (usage flushed), close the stores, then exit.
 */
import { app, clipboard, ipcMain, shell, type BrowserWindow } from 'electron';
import { systemClock, type Clock } from '../src/clock.js';
import type { IpcEvents } from '../src/contract/ipc.js';
import type { Logger } from '../src/logger.js';
import { cliArgsFrom, cliArgv } from './cli-launch.js';
import { alignDataFolder } from './data-folder.js';
import { createEventPublisher } from './ipc/events.js';
import { createIpcHandlers } from './ipc/all-handlers.js';
import { registerIpcHandlers } from './ipc/handle.js';
import { forwardRuntimeEvents } from './ipc/runtime-events.js';
import { ipcArgSchemas } from './ipc/schemas.js';
import { createSenderCheck } from './ipc/sender.js';
import { createLoginItem, HIDDEN_FLAG } from './login-item.js';
import { createNotificationScheduler } from './notification-scheduler.js';
import { createNotificationStateFile } from './notification-state.js';
import { showNotification } from './notifier.js';
import type { CreateRuntime } from './runtime.js';
import { createTrayActions } from './tray-actions.js';
import { createAppTray, type AppTray } from './tray.js';
import type { TrayMenuOptions } from './tray-menu.js';
import { appPageUrl, isAllowedExternalUrl } from './web-policy.js';
import { createMainWindow } from './window.js';

export interface BootOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly execPath: string;
  readonly preloadPath: string;
  readonly indexHtmlPath: string;
  readonly logger: Logger;
  readonly runCli: (argv: readonly string[]) => Promise<number>;
  readonly createRuntime: CreateRuntime;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** How often notifications and the tray's relative times are refreshed. */
  readonly refreshIntervalMs?: number;
}

export type BootOutcome = 'cli' | 'second-instance' | 'running';

export async function bootApp(options: BootOptions): Promise<BootOutcome> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const cliArgs = cliArgsFrom(options.argv);
  if (cliArgs !== null) {
    app.dock?.hide();
    const code = await options.runCli(cliArgv(options.execPath, cliArgs));
    app.exit(code);
    return 'cli';
  }

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return 'second-instance';
  }

  let window: BrowserWindow | null = null;
  let pendingView: IpcEvents['ui:navigate'] | null = null;
  const appUrl = appPageUrl(options.indexHtmlPath);
  const publish = createEventPublisher(() => (window === null || window.isDestroyed() ? null : window.webContents));
  let externalOrigins: () => ReadonlySet<string> = () => new Set();

  const showWindow = (view: IpcEvents['ui:navigate'] | null) => {
    if (window === null || window.isDestroyed()) {
      pendingView = view;
      window = createMainWindow({
        preloadPath: options.preloadPath,
        indexHtmlPath: options.indexHtmlPath,
        allowedExternalOrigins: () => externalOrigins(),
        logger,
      });
      window.webContents.on('did-finish-load', () => {
        if (pendingView !== null) publish('ui:navigate', pendingView);
        pendingView = null;
      });
      window.on('closed', () => {
        window = null;
      });
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    if (view !== null) publish('ui:navigate', view);
  };

  app.on('second-instance', () => showWindow(null));
  // macOS: a click on the Dock icon reopens the window.
  app.on('activate', () => showWindow(null));
  const dataDir = alignDataFolder(app, options.env, options.platform);
  // Every other web contents (none expected) gets no windows and no navigation either.
  app.on('web-contents-created', (_event, contents) => {
    if (contents.getType() === 'window') return;
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
  });
  // Closing the window keeps Keyport in the tray; Quit is in the tray menu.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();

  const loginItem = createLoginItem({ app, platform: options.platform, env: options.env, execPath: options.execPath });
  const runtime = await options.createRuntime({
    dataDir,
    env: options.env,
    loginItem,
    logger,
    // `electron .` from source: Claude Desktop's bridge command must name the app folder too.
    unpackagedAppPath: process.defaultApp === true ? app.getAppPath() : undefined,
  });
  externalOrigins = runtime.externalOrigins;
  const { services } = runtime;
  await services.proxy.start();

  let tray: AppTray | null = null;
  const openExternal = (url: string) => {
    if (isAllowedExternalUrl(url, runtime.externalOrigins())) void shell.openExternal(url);
  };
  const scheduler = createNotificationScheduler({
    state: createNotificationStateFile(dataDir),
    snapshot: async () => ({
      tokens: await services.tokens.list(),
      proxy: services.proxy.status(),
      ...runtime.notificationSettings(),
      now: clock.now(),
    }),
    // A sign-in notification signs in when clicked (the browser opens); the others open their view.
    show: (planned) =>
      showNotification({
        title: planned.title,
        body: planned.body,
        onClick:
          planned.kind === 'sign-in' && planned.action.name !== undefined
            ? () => actions.signIn(planned.action.name!)
            : () => showWindow(planned.action),
      }),
    logger,
  });

  const trayOptions = async (): Promise<TrayMenuOptions> => ({
    state: {
      tokens: await services.tokens.list(),
      proxy: services.proxy.status(),
      startAtLogin: loginItem.isEnabled(),
      now: clock.now(),
    },
    actions,
  });

  let refreshing: Promise<void> = Promise.resolve();
  const refresh = () => {
    refreshing = refreshing
      .then(async () => {
        const next = await trayOptions();
        tray?.update(next);
        publish('tokens:changed', [...next.state.tokens]);
        await scheduler.check();
      })
      .catch((error: unknown) =>
        logger.warn('refresh failed', { error: error instanceof Error ? error.name : 'unknown' }),
      );
  };

  const quit = () => app.quit();
  const actions = createTrayActions({
    services,
    clipboard: {
      readText: () => clipboard.readText(),
      clear: () => clipboard.clear(),
      writeText: (text) => clipboard.writeText(text),
    },
    inspectToken: runtime.inspectToken,
    notify: showNotification,
    navigate: showWindow,
    openExternal,
    refresh,
    quit,
  });

  tray = createAppTray({ ...(await trayOptions()), onClick: () => showWindow(null) });

  const unregisterIpc = registerIpcHandlers(
    {
      ipcMain,
      isTrustedSender: createSenderCheck({
        appUrl,
        windowContentsId: () => (window === null || window.isDestroyed() ? null : window.webContents.id),
      }),
      logger,
    },
    ipcArgSchemas,
    createIpcHandlers(services, (text) => clipboard.writeText(text)),
  );

  const stopEvents = forwardRuntimeEvents({ runtime, publish, refresh });
  scheduler.start(options.refreshIntervalMs ?? 60_000);
  const ticker = setInterval(refresh, options.refreshIntervalMs ?? 60_000);
  refresh();

  if (!options.argv.includes(HIDDEN_FLAG)) showWindow(null);

  let shutdown: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    if (shutdown !== null) return;
    event.preventDefault();
    shutdown = (async () => {
      clearInterval(ticker);
      scheduler.stop();
      stopEvents();
      unregisterIpc();
      await refreshing;
      await runtime.close();
      tray?.destroy();
    })()
      .catch((error: unknown) =>
        logger.error('shutdown failed', { error: error instanceof Error ? error.name : 'unknown' }),
      )
      .finally(() => app.quit());
  });

  return 'running';
}
