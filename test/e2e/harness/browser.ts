/** Debian's Chromium through playwright-core (a test tool's own browser download fails here). */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.KEYPORT_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface E2eBrowser {
  readonly page: Page;
  /** Console errors and CSP violations the page reported (a strict CSP must not break the UI). */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(options: {
  readonly url: string;
  /** Source of a script run before the page's own (defines window.keyport). */
  readonly initScript: string;
  readonly colorScheme?: 'light' | 'dark';
}): Promise<E2eBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set KEYPORT_CHROMIUM to its path).`,
    );
  }
  // launch() gives every run a fresh, temporary user-data dir (launchPersistentContext would reuse one).
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1000, height: 720 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-GB',
  });
  await context.addInitScript({ content: options.initScript });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(options.url);
  return {
    page,
    problems,
    async close() {
      await browser.close();
    },
  };
}
