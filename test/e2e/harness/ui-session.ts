/**
 * One UI under test: the built renderer served to real Chromium, over the real core (core-backend.ts)
 * with main's events forwarded to the page. Each e2e file opens one and closes it after its tests.
 */
import type { Page } from 'playwright-core';
import type { IpcEvent } from '../../../src/contract/ipc.js';
import type { E2eBrowser } from './browser.js';
import { buildRenderer } from './build-renderer.js';
import { startCoreBackend, type CoreBackend } from './core-backend.js';
import { openUi } from './open-ui.js';
import type { UiServer } from './ui-server.js';

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
  const backend = await startCoreBackend(options.label, options.env);
  const { server, browser, stopEvents } = await openUi(backend, buildRenderer(), options.onEvent);
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
