/** Every IPC handler, assembled from the per-domain files over the app's services. */
import type { AppServices } from '../services.js';
import { createAppHandlers } from './app-handlers.js';
import { createClientHandlers } from './client-handlers.js';
import type { IpcHandlers } from './handle.js';
import { createTokenHandlers } from './token-handlers.js';
import { createToolHandlers } from './tool-handlers.js';
import { createUsageHandlers } from './usage-handlers.js';

export function createIpcHandlers(services: AppServices, writeClipboard: (text: string) => Promise<void>): IpcHandlers {
  return {
    ...createTokenHandlers(services.tokens),
    ...createUsageHandlers(services.usage),
    ...createToolHandlers(services.tools),
    ...createClientHandlers(services.clients),
    ...createAppHandlers({ settings: services.settings, proxy: services.proxy, writeClipboard }),
  };
}
