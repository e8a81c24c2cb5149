/**
 * The preload: exposes exactly one object, `window.keyport` (KeyportApi), and nothing else.
 * One method per contract channel and a typed `on` for pushed events — never a generic
 * invoke(channel) and never ipcRenderer itself. Sandboxed preloads are CommonJS and may
 * require only `electron`, so this file is self-contained (the channel list is checked
 * against main's schema map by the tests).
 */
// A sandboxed preload is CommonJS: `import … = require` is how TypeScript emits a plain require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');
import type { IpcChannel, IpcEvent, KeyportApi } from '../src/contract/ipc.js';

const CHANNELS: Readonly<Record<IpcChannel, true>> = {
  'tokens:list': true,
  'tokens:add': true,
  'tokens:add-oauth': true,
  'tokens:sign-in': true,
  'tokens:test': true,
  'tokens:rotate': true,
  'tokens:rollback': true,
  'tokens:update': true,
  'tokens:remove': true,
  'tokens:set-paused': true,
  'usage:daily': true,
  'tools:view': true,
  'tools:change': true,
  'accounts:list': true,
  'audit:list': true,
  'clients:list': true,
  'clients:preview': true,
  'clients:connect': true,
  'clients:import-scan': true,
  'clients:import': true,
  'settings:get': true,
  'settings:update': true,
  'proxy:status': true,
  'proxy:copy-url': true,
};

const EVENTS: Readonly<Record<IpcEvent, true>> = {
  'tokens:changed': true,
  'audit:entry': true,
  'proxy:status': true,
  'ui:navigate': true,
};

function buildApi(ipcRenderer: Pick<Electron.IpcRenderer, 'invoke' | 'on' | 'removeListener'>): KeyportApi {
  const methods: Record<string, unknown> = {};
  for (const channel of Object.keys(CHANNELS)) {
    methods[channel] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
  }
  methods.on = (event: string, listener: (payload: unknown) => void) => {
    if (!Object.prototype.hasOwnProperty.call(EVENTS, event)) throw new Error(`Unknown Keyport event: ${event}`);
    // The IpcRendererEvent (with its `sender`) never reaches the page: only the payload does.
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  };
  return Object.freeze(methods) as unknown as KeyportApi;
}

electron.contextBridge.exposeInMainWorld('keyport', buildApi(electron.ipcRenderer));
