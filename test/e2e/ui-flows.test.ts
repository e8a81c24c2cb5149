/**
 * The UI end to end, in real Chromium, against the BUILT renderer and the real core: main/'s runtime
 * and IPC handlers over conf stores in a temp folder, the keychain (private test keyring), the
 * proxy on 127.0.0.1, and a real MCP SDK upstream that requires a bearer token. Flows: add with
 * test, connect preview + write, live activity from real MCP calls through the proxy, rotate,
 * pause, settings, remove. No page ever contains a full token (canaries), and each view is
 * saved to test-artifacts/screenshots/<view>.png.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { IpcEvent } from '../../src/contract/ipc.js';
import { META_CONTENT_SECURITY_POLICY } from '../../main/web-policy.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStatefulUpstream, type BearerUpstream } from '../support/upstreams/bearer-upstreams.js';
import { canaryToken, secretToolSearch } from '../support/keychain-guard.js';
import type { E2eBrowser } from './harness/browser.js';
import type { CoreBackend } from './harness/core-backend.js';
import { callEcho, readUrlHeadersEntry, type ConfiguredEntry } from './harness/mcp-client.js';
import { saveScreenshot } from './harness/screenshots.js';
import type { UiServer } from './harness/ui-server.js';
import { openUiSession, type UiSession } from './harness/ui-session.js';

// electron-store needs Electron; the harness passes conf (the CLI's backend, same files) instead.
vi.mock('../../main/electron-store-backend.js', () => ({ electronStoreFactory: () => undefined }));

const FIRST = canaryToken('f1f1');
const WRONG = canaryToken('bad0');
const SECOND = canaryToken('5ec2');
const SECRETS = [FIRST, WRONG, SECOND];
const WAIT = { timeout: 20_000 };

let upstream: BearerUpstream;
let backend: CoreBackend;
let server: UiServer;
let browser: E2eBrowser;
let page: Page;
let session: UiSession;
/** Every event main pushed to the page, in order. */
const pushed: IpcEvent[] = [];
let cursorEntry: ConfiguredEntry;

async function expectNoSecretOnPage(): Promise<void> {
  const html = await page.content();
  const text = await page.locator('body').innerText();
  for (const secret of SECRETS) {
    expect(html.includes(secret), 'a full token is in the page HTML').toBe(false);
    expect(text.includes(secret), 'a full token is in the page text').toBe(false);
  }
}

/** Whether the page shows the masked form (prefix + last 4) of `token`. */
function showsMasked(token: string): Promise<boolean> {
  return page
    .getByText(`sk_live_…${token.slice(-4)}`)
    .first()
    .isVisible();
}

async function navigate(label: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor(WAIT);
}

async function pasteSecret(label: string, secret: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(secret);
}

describe('Keyport UI in Chromium over the real core', () => {
  beforeAll(async () => {
    upstream = await startStatefulUpstream(FIRST);
    session = await openUiSession({ label: 'ui', onEvent: (event) => pushed.push(event) });
    ({ backend, server, browser, page } = session);
  });

  afterAll(async () => {
    await session?.close();
    await upstream?.close();
  });

  it('Given no tokens, the Tokens view says what to do first', async () => {
    await page.getByRole('heading', { name: 'No tokens yet' }).waitFor(WAIT);
    expect(await page.getByText('Proxy on 127.0.0.1:').textContent()).toBe(`Proxy on 127.0.0.1:${backend.proxyPort}`);
    // The built page carries main's CSP (the only policy a file:// page gets); the UI runs under it.
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toBe(META_CONTENT_SECURITY_POLICY);
    await saveScreenshot(page, 'tokens-empty');
  });

  it('Add: a rejected token shows the exact error; a good one shows the server and tool count, then saves', async () => {
    await page.getByRole('button', { name: 'Add your first token' }).click();
    await page.getByRole('heading', { name: 'Add token' }).waitFor(WAIT);
    await page.getByLabel('Name', { exact: true }).fill('billing');
    await page.getByLabel('Upstream URL').fill(upstream.url);
    await pasteSecret('Token', WRONG);
    expect(await page.getByLabel('Token', { exact: true }).getAttribute('type')).toBe('password');
    expect(await page.getByText('Detected:').textContent()).toContain('Agent API key (live)');
    const save = page.getByRole('button', { name: 'Save token' });
    expect(await save.isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Test connection' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor(WAIT);
    expect(await alert.textContent()).toMatch(/TOKEN_REJECTED|VERIFY_FAILED/);
    expect(await save.isDisabled()).toBe(true);

    await pasteSecret('Token', FIRST);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const passed = page.getByText('Connected to');
    await passed.waitFor(WAIT);
    expect(await passed.textContent()).toBe('Connected to stateful-upstream 1.0.0 — 2 tools');
    await page.getByLabel('Monthly quota (calls, optional)').fill('50');
    await page.getByLabel('Expiry', { exact: true }).selectOption('30d');
    await expectNoSecretOnPage();
    await saveScreenshot(page, 'add-token');

    await save.click();
    await page.getByRole('heading', { name: 'billing', level: 1 }).waitFor(WAIT);
    expect(await showsMasked(FIRST)).toBe(true);
    expect(await page.getByText(/Expires in 30 days|Expires in 4 weeks|Expires in 1 month/).count()).toBe(1);
    await expectNoSecretOnPage();
  });

  it('Connect: the preview shows the diff of the client config before anything is written; Write config writes it', async () => {
    await navigate('Connect clients', 'Connect clients');
    const cursorRow = page.getByRole('row', { name: 'Cursor' });
    await cursorRow.waitFor(WAIT);
    expect(await cursorRow.getByText('Config not found').count()).toBe(1);
    await cursorRow.getByRole('button', { name: 'Choose connections for Cursor' }).click();
    const cursor = page.getByRole('region', { name: 'Connections for Cursor' });
    await cursor.waitFor(WAIT);
    // A client not yet connected starts with nothing ticked.
    const billing = cursor.getByRole('checkbox', { name: 'Give Cursor billing' });
    expect(await billing.isChecked()).toBe(false);
    await billing.check();
    await cursor.getByRole('button', { name: 'Preview changes' }).click();
    const diff = cursor.getByLabel(/^Changes to /);
    await diff.waitFor(WAIT);
    const diffText = (await diff.textContent()) ?? '';
    expect(diffText).toContain(`http://127.0.0.1:${backend.proxyPort}/billing/mcp`);
    const configPath = join(backend.home, '.cursor', 'mcp.json');
    expect(() => readUrlHeadersEntry(configPath, 'billing')).toThrow();
    await expectNoSecretOnPage();
    await saveScreenshot(page, 'clients-connect');

    await cursor.getByRole('button', { name: 'Write config' }).click();
    await cursor.getByText(`Wrote ${configPath}`, { exact: false }).waitFor(WAIT);
    cursorEntry = readUrlHeadersEntry(configPath, 'billing');
    expect(cursorEntry.url).toBe(`http://127.0.0.1:${backend.proxyPort}/billing/mcp`);
    // The local key is on disk for the client, but never on screen.
    const localKey = (cursorEntry.headers.Authorization ?? '').replace(/^Bearer /, '');
    expect(localKey.length).toBeGreaterThan(16);
    expect((await page.content()).includes(localKey)).toBe(false);
    await cursorRow.getByText('Connected', { exact: true }).waitFor(WAIT);
  });

  it('Activity: real MCP calls through the proxy appear live, filterable by client and method', async () => {
    await navigate('Activity', 'Activity');
    expect(await callEcho(cursorEntry, 3)).toEqual(['hello 0', 'hello 1', 'hello 2']);
    const echoRows = page.getByRole('row').filter({ hasText: 'echo' });
    await echoRows.nth(2).waitFor(WAIT);
    const first = (await echoRows.first().textContent()) ?? '';
    expect(first).toContain('billing');
    expect(first).toContain('cursor');
    expect(first).toContain('tools/call');
    expect(first).toContain('200');
    // The audit log follower (polling audit.log) pushes the calls as `audit:entry` events, wired as boot.ts does.
    await vi.waitFor(
      () => expect(pushed.filter((event) => event === 'audit:entry').length).toBeGreaterThanOrEqual(3),
      WAIT,
    );

    await page.getByLabel('Method').selectOption('initialize');
    await echoRows.first().waitFor({ ...WAIT, state: 'detached' });
    expect(await page.getByRole('row').filter({ hasText: 'initialize' }).count()).toBeGreaterThan(0);
    await page.getByLabel('Method').selectOption('');
    await echoRows.nth(2).waitFor(WAIT);
    await expectNoSecretOnPage();
    await saveScreenshot(page, 'activity');
  });

  it('Tokens: the row shows the masked token, quota used from real calls, and the sparkline', async () => {
    await navigate('Tokens', 'Tokens');
    const row = page.getByRole('listitem', { name: 'billing' });
    await row.getByText('3 / 50').waitFor(WAIT);
    expect(await row.getByText(`sk_live_…${FIRST.slice(-4)}`).count()).toBe(1);
    await row.getByText(/used (just now|in less than a minute|\d+ seconds? ago)/).waitFor(WAIT);
    await row.getByRole('img', { name: /Calls to billing: 3 calls in 30 days/ }).waitFor(WAIT);
    await expectNoSecretOnPage();
    await saveScreenshot(page, 'tokens');
  });

  it('Rotate (before): the token is in the keychain under the connection name', () => {
    if (backend.keychainService !== null) expect(secretToolSearch(backend.keychainService)).toContain('token:billing');
  });

  it('Rotate: a token the server rejects changes nothing; a good one is verified and swapped behind the same URL', async () => {
    await page.getByRole('button', { name: 'billing', exact: true }).click();
    await page.getByRole('heading', { name: 'billing', level: 1 }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Rotate…' }).click();

    await pasteSecret('New token', WRONG);
    await page.getByRole('button', { name: 'Verify and swap' }).click();
    await page.getByRole('alert').waitFor(WAIT);
    expect(await page.getByLabel('New token', { exact: true }).inputValue()).toBe('');
    expect(await showsMasked(FIRST)).toBe(true);

    upstream.setToken(SECOND);
    await pasteSecret('New token', SECOND);
    await page.getByRole('button', { name: 'Verify and swap' }).click();
    await page.getByText(`Rotated: billing now uses sk_live_…${SECOND.slice(-4)}`).waitFor(WAIT);
    await page.getByRole('button', { name: `Roll back to sk_live_…${FIRST.slice(-4)}` }).waitFor(WAIT);
    // The client's config is untouched and keeps working with the new upstream token.
    expect(await callEcho(cursorEntry, 1)).toEqual(['hello 0']);
    await page.getByRole('row').filter({ hasText: 'tools/call' }).nth(3).waitFor(WAIT);
    await expectNoSecretOnPage();
    await saveScreenshot(page, 'token-detail');
  });

  it('Copy local URL: main puts the stable localhost URL (never the token) on the clipboard', async () => {
    await page.getByRole('button', { name: 'Copy local URL' }).click();
    const url = `http://127.0.0.1:${backend.proxyPort}/billing/mcp`;
    await page.getByText(`Copied ${url}`, { exact: false }).waitFor(WAIT);
    expect(backend.clipboard).toEqual([url]);
  });

  it('Pause: a paused connection refuses calls until resumed', async () => {
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Resume', exact: true }).waitFor(WAIT);
    expect(await page.locator('.view-header .chip').textContent()).toBe('Paused');
    await expect(callEcho(cursorEntry, 1)).rejects.toThrow();

    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor(WAIT);
    expect(await page.locator('.view-header .chip').textContent()).toBe('OK');
    expect(await callEcho(cursorEntry, 1)).toEqual(['hello 0']);
  });

  it('Settings: changes are saved to the real store', async () => {
    await navigate('Settings', 'Settings');
    await page.getByLabel('First warning before expiry').fill('14');
    await page.getByLabel('Second warning before expiry').fill('3');
    await page.getByLabel(/Refuse calls once a quota is used up/).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved', { exact: true }).waitFor(WAIT);
    const stored = backend.runtime.services.settings.get();
    expect(stored.notifyExpiryDays).toEqual([14, 3]);
    expect(stored.hardStopAtQuota).toBe(true);
    await saveScreenshot(page, 'settings');
  });

  it('At 800×600 in the dark theme nothing overflows sideways, and the views are reachable by keyboard', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await navigate('Tokens', 'Tokens');
    await page.getByRole('listitem', { name: 'billing' }).waitFor(WAIT);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 24, 30)');
    for (const [label, heading] of [
      ['Tokens', 'Tokens'],
      ['Connect clients', 'Connect clients'],
      ['Activity', 'Activity'],
      ['Settings', 'Settings'],
    ] as const) {
      await navigate(label, heading);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${label} overflows at 800 px`).toBeLessThanOrEqual(0);
    }
    await navigate('Tokens', 'Tokens');
    await page.getByRole('listitem', { name: 'billing' }).waitFor(WAIT);
    await saveScreenshot(page, 'tokens-dark-800x600');

    // Keyboard only: Tab from the top of the page to "Activity", Enter opens it.
    await page.locator('body').focus();
    let focused = '';
    for (let presses = 0; presses < 10 && focused !== 'Activity'; presses += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    expect(focused).toBe('Activity');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor(WAIT);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1000, height: 720 });
  });

  it('Remove: a confirmation comes first, then the token is gone from the list and the keychain', async () => {
    await navigate('Tokens', 'Tokens');
    await page.getByRole('button', { name: 'billing', exact: true }).click();
    await page.getByRole('button', { name: 'Remove…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Remove billing?' });
    await dialog.waitFor(WAIT);
    await saveScreenshot(page, 'remove-confirm');
    await dialog.getByRole('button', { name: 'Remove billing' }).click();
    await page.getByRole('heading', { name: 'No tokens yet' }).waitFor(WAIT);
    expect(await backend.runtime.services.tokens.list()).toEqual([]);
    if (backend.keychainService !== null)
      expect(secretToolSearch(backend.keychainService)).not.toContain('token:billing');
    await expect(callEcho(cursorEntry, 1)).rejects.toThrow();
  });

  it('Import: a token hardcoded in a client config moves into Keyport, and the config stops holding it', async () => {
    upstream.setToken(FIRST);
    const windsurfDir = join(backend.home, '.codeium', 'windsurf');
    const windsurfPath = join(windsurfDir, 'mcp_config.json');
    mkdirSync(windsurfDir, { recursive: true });
    writeFileSync(
      windsurfPath,
      JSON.stringify({
        mcpServers: { 'Acme Billing': { serverUrl: upstream.url, headers: { Authorization: `Bearer ${FIRST}` } } },
      }),
    );
    await navigate('Connect clients', 'Connect clients');
    await page.getByRole('region', { name: 'Plaintext tokens found' }).getByRole('button', { name: 'Import' }).click();
    const candidate = page.getByRole('checkbox', { name: /Acme Billing/ });
    await candidate.waitFor(WAIT);
    expect(await candidate.locator('..').textContent()).toContain(`sk_live_…${FIRST.slice(-4)}`);
    await expectNoSecretOnPage();
    await saveScreenshot(page, 'clients-import');
    await candidate.check();
    await page.getByRole('button', { name: 'Import selected' }).click();
    await page.getByText('Imported acme-billing into the keychain.').waitFor(WAIT);
    expect((await backend.runtime.services.tokens.list()).map((summary) => summary.name)).toEqual(['acme-billing']);
    expect(readFileSync(windsurfPath, 'utf8')).not.toContain(FIRST);
    await expectNoSecretOnPage();
  });

  it('Throughout: no full token crossed the harness API, and the page reported no errors (CSP included)', () => {
    for (const body of server.responses) {
      for (const secret of SECRETS) expect(body.includes(secret)).toBe(false);
    }
    expect(browser.problems).toEqual([]);
  });
});
