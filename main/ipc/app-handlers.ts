/** IPC handlers for settings and the proxy. `proxy:copy-url` also puts the URL on the clipboard. */
import type { ProxyController, SettingsOperations } from '../services.js';
import type { IpcHandlers } from './handle.js';

type AppChannels = 'settings:get' | 'settings:update' | 'proxy:status' | 'proxy:copy-url';

export function createAppHandlers(options: {
  readonly settings: SettingsOperations;
  readonly proxy: ProxyController;
  readonly writeClipboard: (text: string) => Promise<void>;
}): Pick<IpcHandlers, AppChannels> {
  const { settings, proxy } = options;
  return {
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'proxy:status': () => proxy.status(),
    'proxy:copy-url': async ({ name }) => {
      const url = proxy.connectionUrl(name);
      await options.writeClipboard(url);
      return url;
    },
  };
}
