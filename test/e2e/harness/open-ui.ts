/** The built UI in Chromium over a core backend: the UI server, main's events wired, a page at 1280×800. */
import type { Page } from 'playwright-core';
import type { IpcEvent, IpcEvents } from '../../../src/contract/ipc.js';
import { openBrowser, type E2eBrowser } from './browser.js';
import type { CoreBackend } from './core-backend.js';
import { keyportBridgeScript } from './keyport-bridge.js';
import { startUiServer, type UiServer } from './ui-server.js';

export interface OpenedUi {
  readonly server: UiServer;
  readonly browser: E2eBrowser;
  readonly page: Page;
  readonly stopEvents: () => void;
}

export async function openUi(
  backend: CoreBackend,
  rendererDir: string,
  /** Told of every event main pushes to the page. */
  onEvent?: (event: IpcEvent) => void,
): Promise<OpenedUi> {
  const server = await startUiServer({ rendererDir, channels: backend.channels, dispatch: backend.dispatch });
  const stopEvents = backend.wireEvents(<E extends IpcEvent>(event: E, payload: IpcEvents[E]) => {
    onEvent?.(event);
    server.publish(event, payload);
  });
  const browser = await openBrowser({ url: server.url, initScript: keyportBridgeScript(backend.channels) });
  await browser.page.setViewportSize({ width: 1280, height: 800 });
  return { server, browser, page: browser.page, stopEvents };
}
