/**
 * One UI under test: the built renderer served to real Chromium, over the real core (core-backend.ts)
 * with main's events forwarded to the page. Each e2e file opens one and closes it after its tests.
 */
import type { Page } from 'playwright-core';
import type { IpcEvent, IpcEvents } from '../../../src/contract/ipc.js';
import { openBrowser, type E2eBrowser } from './browser.js';
import { buildRenderer } from './build-renderer.js';
import { startCoreBackend, type CoreBackend } from './core-backend.js';
import { keyportBridgeScript } from './keyport-bridge.js';
import { startUiServer, type UiServer } from './ui-server.js';

export interface UiSession {
  readonly backend: CoreBackend;
  readonly server: UiServer;
  readonly browser: E2eBrowser;
  readonly page: Page;
  close(): Promise<void>;
}

export async function openUiSession(options: {
  readonly label: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Told of every event main pushes to the page. */
  readonly onEvent?: (event: IpcEvent) => void;
}): Promise<UiSession> {
  const rendererDir = buildRenderer();
  const backend = await startCoreBackend(options.label, options.env);
  const server = await startUiServer({ rendererDir, channels: backend.channels, dispatch: backend.dispatch });
  const stopEvents = backend.wireEvents(<E extends IpcEvent>(event: E, payload: IpcEvents[E]) => {
    options.onEvent?.(event);
    server.publish(event, payload);
  });
  const browser = await openBrowser({ url: server.url, initScript: keyportBridgeScript(backend.channels) });
  return {
    backend,
    server,
    browser,
    page: browser.page,
    async close() {
      stopEvents();
      await browser.close();
      await server.close();
      await backend.close();
    },
  };
}
