/**
 * Issue 19's app flows in real Chromium over the real core (main's runtime and IPC, the private
 * test keyring): "Sign in with OAuth" in Add token against an OAuth-protected MCP server built from
 * the SDK's server auth pieces (a headless browser as BROWSER completes the authorization, as a
 * person's would), the sign-in state on the token's page, a revoked refresh token becoming "Sign-in
 * needed", and Sign in again. No access or refresh token ever reaches the page; axe finds nothing
 * serious; each view is saved to test-artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HEADLESS_BROWSER } from '../support/oauth/headless-browser.js';
import { startOAuthMcpServer, type OAuthMcpServer } from '../support/oauth/oauth-mcp-server.js';
import { secretToolSearch } from '../support/keychain-guard.js';
import { expectAccessible as expectPageAccessible } from './harness/page-checks.js';
import { saveScreenshot } from './harness/screenshots.js';
import { openUiSession, type UiSession } from './harness/ui-session.js';

vi.mock('../../main/electron-store-backend.js', () => ({ electronStoreFactory: () => undefined }));

const WAIT = { timeout: 20_000 };
/** A `keyport …` command: a window never shows one. */
const CLI_COMMAND = /`?keyport [a-z]+/;
let oauth: OAuthMcpServer;
let session: UiSession;
let page: Page;

async function expectNoTokenOnPage(): Promise<void> {
  const html = await page.content();
  for (const issued of oauth.issued) expect(html.includes(issued), 'an OAuth token is in the page').toBe(false);
  expect(await page.locator('body').innerText()).not.toMatch(CLI_COMMAND);
}

const expectAccessible = (view: string) => expectPageAccessible(page, view);

describe('OAuth in the app (Chromium, real core, SDK OAuth server)', () => {
  beforeAll(async () => {
    oauth = await startOAuthMcpServer({ accessTtlSeconds: 3, scopesSupported: ['mcp:tools'] });
    session = await openUiSession({ label: 'oauth', env: { BROWSER: HEADLESS_BROWSER } });
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
    await oauth?.close();
  });

  it('Add token → Sign in with OAuth: main signs in through the browser and the token page shows the sign-in', async () => {
    await page.getByRole('button', { name: 'Add your first token' }).click();
    await page.getByRole('heading', { name: 'Add token' }).waitFor(WAIT);
    await page.getByRole('radio', { name: 'Sign in with OAuth' }).check();
    await page.getByLabel('Upstream URL').fill(oauth.url);
    await page.getByLabel('Name', { exact: true }).fill('tracker');
    await expectAccessible('add-oauth');
    await saveScreenshot(page, 'add-oauth');
    await page.getByRole('button', { name: 'Sign in with OAuth' }).click();
    await page.getByRole('heading', { name: 'tracker', level: 1 }).waitFor(WAIT);
    const panel = page.getByRole('region', { name: 'Sign-in' });
    await panel.getByText('Signed in', { exact: true }).waitFor(WAIT);
    expect(await panel.getByText('mcp:tools').count()).toBe(1);
    expect(oauth.counts.authorizations).toBe(1);
    expect(
      oauth.issued.filter((issued) => secretToolSearch(session.backend.keychainService!).includes(issued)),
    ).toHaveLength(2);
    await expectNoTokenOnPage();
    await expectAccessible('token-oauth');
    await saveScreenshot(page, 'token-oauth');
  });

  it('A revoked refresh token makes it "Sign-in needed"; Sign in signs in again and the connection works', async () => {
    oauth.revokeAllRefreshTokens();
    await new Promise((resolve) => setTimeout(resolve, 3300));
    await page.getByRole('button', { name: 'Test now' }).click();
    const callout = page.getByRole('region', { name: 'Sign-in needed' });
    await callout.waitFor(WAIT);
    expect(await callout.textContent()).toMatch(/Sign-in needed since just now: the authorization server/);
    await expectNoTokenOnPage();
    await expectAccessible('token-sign-in-needed');
    await saveScreenshot(page, 'token-sign-in-needed');

    await callout.getByRole('button', { name: 'Sign in: tracker' }).click();
    await page.getByRole('region', { name: 'Sign-in' }).getByText('Signed in', { exact: true }).waitFor(WAIT);
    expect(oauth.counts.authorizations).toBe(2);
    await page.getByRole('button', { name: 'Test now' }).click();
    await page.getByText('Connected to oauth-upstream').waitFor(WAIT);
    await expectNoTokenOnPage();
  });
});
