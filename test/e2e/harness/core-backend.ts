/**
 * The real core behind the e2e UI: main/'s own runtime (createCoreRuntime: conf stores in a temp
 * data folder, the token and client services, the proxy on 127.0.0.1) and main/'s own IPC handlers
 * and argument schemas — everything the desktop app runs except Electron. Events are wired by the
 * same function main/boot.ts uses (forwardRuntimeEvents: tokens:changed, audit:entry, proxy:status).
 * The keychain is the real Secret Service inside the private test keyring (with-keychain.sh);
 * only when KEYPORT_NO_KEYCHAIN=1 does it fall back to the in-memory store.
 * Callers must vi.mock('main/electron-store-backend.js') — electron-store cannot load outside Electron.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../src/clock.js';
import type { IpcChannel, IpcEvent, IpcEvents } from '../../../src/contract/ipc.js';
import type { CoreContext } from '../../../src/core/context.js';
import { createCoreContext, defaultConfFactory } from '../../../src/core/create-core-context.js';
import { createMemorySecretStore } from '../../../src/keychain/memory-secret-store.js';
import { silentLogger } from '../../../src/logger.js';
import { createCoreRuntime } from '../../../main/core-runtime.js';
import { createIpcHandlers } from '../../../main/ipc/all-handlers.js';
import { dispatch, type IpcHandlers } from '../../../main/ipc/handle.js';
import { forwardRuntimeEvents } from '../../../main/ipc/runtime-events.js';
import { IPC_CHANNELS, ipcArgSchemas } from '../../../main/ipc/schemas.js';
import { autostartFile, createLinuxLoginItem } from '../../../main/login-item.js';
import type { AppRuntime } from '../../../main/runtime.js';
import { uniqueKeychainService } from '../../support/keychain-guard.js';
import { freePort } from './free-port.js';
import type { Dispatch } from './ui-server.js';

export interface CoreBackend {
  readonly runtime: AppRuntime;
  /** The fake user's home: client configs are read and written under it. */
  readonly home: string;
  readonly dataDir: string;
  readonly proxyPort: number;
  /** The keychain service holding this run's tokens; null with the in-memory fallback. */
  readonly keychainService: string | null;
  readonly channels: readonly IpcChannel[];
  readonly dispatch: Dispatch;
  /** Text the app put on the clipboard (proxy:copy-url). */
  readonly clipboard: readonly string[];
  /** Another core context over the same data folder and keychain (as the CLI would open), on `clock`. */
  coreContext(clock: Clock): CoreContext;
  /** Starts forwarding main's events to `publish`; returns a stop function. */
  wireEvents(publish: <E extends IpcEvent>(event: E, payload: IpcEvents[E]) => void): () => void;
  close(): Promise<void>;
}

function callHandler(handlers: IpcHandlers, channel: IpcChannel, args: readonly unknown[]) {
  // The union of channel signatures cannot be called generically; dispatch validates the args by schema.
  return dispatch(channel, ipcArgSchemas[channel] as never, handlers[channel] as never, args);
}

/** `extraEnv`: more of the app's environment, e.g. BROWSER for a sign-in. */
export async function startCoreBackend(
  label: string,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<CoreBackend> {
  const root = mkdtempSync(join(tmpdir(), `keyport-e2e-${label}-`));
  const home = join(root, 'home');
  const dataDir = join(root, 'data');
  mkdirSync(home, { recursive: true });
  const proxyPort = await freePort();
  const keychainService = uniqueKeychainService(`e2e-${label}`);
  const env: Record<string, string> = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    KEYPORT_HOME: dataDir,
    KEYPORT_KEYCHAIN_SERVICE: keychainService,
    KEYPORT_PORT: String(proxyPort),
    ...extraEnv,
  };
  // Client config paths resolve under os.homedir(), which reads HOME.
  const previousHome = process.env.HOME;
  process.env.HOME = home;
  const useMemoryKeychain = process.env.KEYPORT_NO_KEYCHAIN === '1';
  const memoryKeychain = useMemoryKeychain ? createMemorySecretStore() : null;
  const runtime = await createCoreRuntime({
    dataDir,
    env,
    logger: silentLogger,
    loginItem: createLinuxLoginItem({ file: autostartFile(env, home), exec: '/usr/bin/keyport' }),
    confFactory: defaultConfFactory,
    execPath: '/usr/bin/keyport',
    electronVersion: '45.4.1',
    ...(memoryKeychain ? { secretStore: memoryKeychain } : {}),
  });
  await runtime.services.proxy.start();
  const clipboard: string[] = [];
  const handlers = createIpcHandlers(runtime.services, async (text) => {
    clipboard.push(text);
  });

  return {
    runtime,
    home,
    dataDir,
    proxyPort,
    keychainService: useMemoryKeychain ? null : keychainService,
    channels: IPC_CHANNELS,
    clipboard,
    dispatch: (channel, args) => callHandler(handlers, channel, args),
    coreContext: (clock) =>
      createCoreContext({
        env,
        dataDir,
        logger: silentLogger,
        clock,
        confFactory: defaultConfFactory,
        ...(memoryKeychain ? { secretStore: memoryKeychain } : {}),
      }),
    wireEvents(publish) {
      const refresh = () => {
        void runtime.services.tokens.list().then(
          (tokens) => publish('tokens:changed', tokens),
          () => undefined,
        );
      };
      return forwardRuntimeEvents({ runtime, publish, refresh });
    },
    async close() {
      await runtime.close();
      if (previousHome === undefined) delete process.env.HOME;
      else process.env.HOME = previousHome;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
