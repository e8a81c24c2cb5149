/**
 * Triage in real Chromium over the real core: the ten-token state of the UI review (seeded by the
 * core itself: keychain, token and account services, real upstreams that accept, reject or are
 * gone), a plaintext token in VS Code's config, and real calls through the proxy for Activity.
 * Every view is checked with axe-core in light and dark (no serious or critical violation), and
 * the screenshots the issue lists are written to test-artifacts/screenshots/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { canaryToken } from '../support/keychain-guard.js';
import { LONG_NAME, seedTenTokens, TEN_WORST_FIRST, type SeededTokens } from '../support/ten-tokens.js';
import { startStatefulUpstream, type BearerUpstream } from '../support/upstreams/bearer-upstreams.js';
import type { E2eBrowser } from './harness/browser.js';
import { buildRenderer } from './harness/build-renderer.js';
import { startCoreBackend, type CoreBackend } from './harness/core-backend.js';
import { freePort } from './harness/free-port.js';
import { CLI_COMMAND, expectAccessible as expectAccessibleIn } from './harness/page-checks.js';
import { callEcho, readUrlHeadersEntry, type ConfiguredEntry } from './harness/mcp-client.js';
import { saveScreenshot } from './harness/screenshots.js';
import { openUi } from './harness/open-ui.js';
import type { UiServer } from './harness/ui-server.js';

vi.mock('../../main/electron-store-backend.js', () => ({ electronStoreFactory: () => undefined }));

const WAIT = { timeout: 20_000 };
const ACCEPTED = canaryToken('acce');
const PLAINTEXT = canaryToken('f1a7');

let accepting: BearerUpstream;
let rejecting: BearerUpstream;
let backend: CoreBackend;
let server: UiServer;
let browser: E2eBrowser;
let page: Page;
let stopEvents: () => void;
let seeded: SeededTokens;

async function navigate(label: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor(WAIT);
}

async function openToken(name: string): Promise<void> {
  await navigate('Tokens', 'Tokens');
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor(WAIT);
}

const expectAccessible = (view: string) => expectAccessibleIn(page, view);

async function expectNoSecretAndNoCommand(): Promise<void> {
  const html = await page.content();
  const text = await page.locator('body').innerText();
  for (const secret of [...seeded.secrets, PLAINTEXT]) {
    expect(html.includes(secret), 'a full token is in the page').toBe(false);
  }
  expect(text).not.toMatch(CLI_COMMAND);
}

/** Rows of the token list, top to bottom. */
async function rowNames(): Promise<string[]> {
  return page
    .locator('.token-list > li')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
}

async function post(entry: ConfiguredEntry): Promise<number> {
  const response = await fetch(entry.url, {
    method: 'POST',
    headers: { ...entry.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: {} } }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('What needs attention comes first (Chromium, real core, ten tokens)', () => {
  beforeAll(async () => {
    const rendererDir = buildRenderer();
    accepting = await startStatefulUpstream(ACCEPTED);
    rejecting = await startStatefulUpstream(canaryToken('0the'));
    backend = await startCoreBackend('attention');
    seeded = await seedTenTokens({
      context: (clock) => backend.coreContext(clock),
      now: new Date(),
      accepting: { url: accepting.url, token: ACCEPTED },
      rejectingUrl: rejecting.url,
      unreachableUrl: `http://127.0.0.1:${await freePort()}/mcp`,
    });
    // A token pasted in plain text into VS Code's user config, as the review found one.
    const vscodeDir = join(backend.home, '.config', 'Code', 'User');
    mkdirSync(vscodeDir, { recursive: true });
    writeFileSync(
      join(vscodeDir, 'mcp.json'),
      JSON.stringify({
        servers: {
          'Acme Search': {
            type: 'http',
            url: 'https://mcp.acme-search.example.com/mcp',
            headers: { Authorization: `Bearer ${PLAINTEXT}` },
          },
        },
      }),
    );
    // Real calls through the proxy: fine ones, and calls an expired, a paused and an unreachable token fail.
    const names = ['notes-assistant', LONG_NAME, 'ci-deploy-legacy', 'sandbox-experiments', 'docs-mirror'];
    await backend.runtime.services.clients.connect('cursor', names);
    const cursorConfig = join(backend.home, '.cursor', 'mcp.json');
    const entry = (name: string) => readUrlHeadersEntry(cursorConfig, name);
    await callEcho(entry('notes-assistant'), 3);
    await callEcho(entry(LONG_NAME), 2);
    expect(await post(entry('ci-deploy-legacy'))).toBe(401);
    expect(await post(entry('sandbox-experiments'))).toBe(503);
    expect(await post(entry('docs-mirror'))).toBe(502);

    ({ server, browser, page, stopEvents } = await openUi(backend, rendererDir));
  });

  afterAll(async () => {
    stopEvents?.();
    await browser?.close();
    await server?.close();
    await backend?.close();
    await accepting?.close();
    await rejecting?.close();
  });

  it('Tokens: the summary opens the view, the worst come first, each chip says why and the fix is in the row', async () => {
    await page.getByRole('heading', { name: 'Tokens', level: 1 }).waitFor(WAIT);
    const summary = page.getByRole('status').filter({ hasText: 'need attention' });
    await summary.waitFor(WAIT);
    expect(await summary.textContent()).toBe('6 of 10 tokens need attention (2 critical, 4 warnings).');
    expect(await page.getByLabel('Sort by').inputValue()).toBe('attention');
    expect(await rowNames()).toEqual([...TEN_WORST_FIRST]);
    const row = (name: string) => page.getByRole('listitem', { name, exact: true });
    expect(await row('ci-deploy-legacy').locator('.chip').textContent()).toBe('Expired');
    expect(await row('github-work').locator('.chip').textContent()).toBe('Rejected');
    expect(await row('github-work').locator('.why').textContent()).toBe('HTTP 401 · 40 minutes ago');
    expect(await row('docs-mirror').locator('.chip').textContent()).toBe('Unreachable');
    expect(await row('search-agent').locator('.chip').textContent()).toBe('Quota 95 %');
    expect(await row('stripe-billing').locator('.chip').textContent()).toMatch(/^Expires in (1 day|2 days)$/);
    expect(await row('notes-assistant').locator('.chip').textContent()).toBe('OK');
    // The fix, in place.
    await row('github-work').getByRole('button', { name: 'Rotate token github-work' }).waitFor(WAIT);
    await row('docs-mirror').getByRole('button', { name: 'Test again docs-mirror' }).waitFor(WAIT);
    await row('sandbox-experiments').getByRole('button', { name: 'Resume sandbox-experiments' }).waitFor(WAIT);
    expect(await row('notes-assistant').getByRole('button').count()).toBe(1); // just its name
    // Calls this period for every token: a count, or used / limit.
    for (const name of await rowNames()) {
      expect(await row(name).locator('.calls').textContent(), name).toMatch(/calls this period|^\d[\d,]* \/ [\d,]+$/);
    }
    // The sidebar's badge, and the plaintext token found in VS Code.
    const badge = page.getByRole('navigation', { name: 'Main' }).locator('.badge');
    expect(await badge.textContent()).toBe('6 need attention');
    const warning = page.getByRole('region', { name: 'Plaintext tokens found' });
    expect(await warning.textContent()).toContain('VS Code');
    await warning.getByRole('button', { name: 'Import' }).waitFor(WAIT);
    await expectNoSecretAndNoCommand();
    await expectAccessible('tokens');
    await saveScreenshot(page, 'tokens-attention-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'tokens-attention-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('Tokens at 800×600: the sidebar is icons only, long names are cut, and at least five tokens fit', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect((await nav.boundingBox())?.width ?? 999).toBeLessThan(70);
    await nav.getByRole('button', { name: /^Activity/ }).waitFor(WAIT);
    const visible = await page.locator('.token-list > li').evaluateAll(
      (rows) =>
        rows.filter((row) => {
          const box = row.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }).length,
    );
    expect(visible).toBeGreaterThanOrEqual(5);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const longName = page.getByRole('button', { name: LONG_NAME, exact: true });
    expect(await longName.getAttribute('title')).toBe(LONG_NAME);
    expect(await longName.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await expectAccessible('tokens at 800×600');
    await saveScreenshot(page, 'tokens-attention-800x600', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('Charts are no tab stops: the keyboard goes from control to control', async () => {
    const tabbableInCharts = await page.evaluate(
      () =>
        document.querySelectorAll('figure [tabindex]:not([tabindex="-1"]), svg[tabindex]:not([tabindex="-1"])').length,
    );
    expect(tabbableInCharts).toBe(0);
    expect(await page.locator('figure.sparkline[role="img"]').count()).toBeGreaterThan(0);
  });

  it('A rejected token: the callout offers Rotate and the provider page; Rotate puts focus in the field', async () => {
    await openToken('github-work');
    const callout = page.getByRole('region', { name: 'Rejected' });
    expect(await callout.textContent()).toContain('The server rejected the token (HTTP 401) 40 min ago');
    const page_ = callout.getByRole('link', { name: "Open the provider's token page" });
    expect(await page_.getAttribute('href')).toBe('https://github.com/settings/tokens');
    await expectNoSecretAndNoCommand();
    await expectAccessible('token-rejected');
    await saveScreenshot(page, 'token-rejected');

    await callout.getByRole('button', { name: 'Rotate token github-work' }).click();
    await page.getByRole('heading', { name: 'Rotate token' }).waitFor(WAIT);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('password');
    expect(
      await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent),
    ).toBe('New token');
  });

  it('A rejected token stays rejected when a re-check cannot reach the server', async () => {
    await rejecting.close();
    await page.getByRole('button', { name: 'Test now' }).click();
    await page.getByRole('alert').filter({ hasText: 'UPSTREAM_UNREACHABLE' }).waitFor(WAIT);
    await page.waitForTimeout(300);
    expect(await page.locator('.view-header .chip').textContent()).toBe('Rejected');
    expect((await backend.runtime.services.tokens.list()).find((t) => t.name === 'github-work')?.status).toBe(
      'rejected',
    );
    await expectNoSecretAndNoCommand();
  });

  it('A token near its quota: left, reset, run-out date; daily bars and the period total as separate charts', async () => {
    await openToken('search-agent');
    const card = page.getByRole('region', { name: 'Quota', exact: true });
    expect(await card.textContent()).toMatch(/1 left/);
    expect(await card.textContent()).toMatch(/19 of 20 calls used \(95 %\) · resets on /);
    expect(await card.textContent()).toMatch(/At this pace it (runs out around|runs out today|lasts until the reset)/);
    await page.getByRole('img', { name: /^Calls per day to search-agent: 19 in 30 days/ }).waitFor(WAIT);
    await page.getByRole('img', { name: 'This period so far: 19 of 20 calls.' }).waitFor(WAIT);
    await expectAccessible('token-quota');
    await saveScreenshot(page, 'token-quota');

    await openToken('team-pool-alpha');
    const shared = page.getByRole('region', { name: 'Quota of account team-pool' });
    expect(await shared.textContent()).toContain('12,400 of 25,000 calls used (49 %) by all tokens of the account');
    expect(await page.getByRole('img', { name: /^This period so far/ }).count()).toBe(0);
    await page.getByText('account team-pool’s quota counts the calls of all its tokens').waitFor(WAIT);

    await openToken('github-work');
    await page.getByText('No calls to github-work in the last 30 days.').waitFor(WAIT);
  });

  it('Clients: the plaintext token is a warning with Import first; nothing is pre-ticked; dead tokens are disabled', async () => {
    await navigate('Connect clients', 'Connect clients');
    const warning = page.getByRole('region', { name: 'Plaintext tokens found' });
    await warning.waitFor(WAIT);
    const vscode = page.getByRole('row', { name: 'VS Code' });
    expect(await vscode.textContent()).toContain('Plaintext token');
    const cursor = page.getByRole('row', { name: 'Cursor' });
    expect(await cursor.textContent()).toContain('Connected');

    await page.getByRole('button', { name: 'Choose connections for Claude Code' }).click();
    const panel = page.getByRole('region', { name: 'Connections for Claude Code' });
    await panel.waitFor(WAIT);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Connections for Claude Code');
    expect(await panel.locator('input[type="checkbox"]:checked').count()).toBe(0);
    for (const dead of ['ci-deploy-legacy', 'github-work', 'sandbox-experiments']) {
      const box = panel.getByRole('checkbox', { name: `Give Claude Code ${dead}` });
      expect(await box.isDisabled(), dead).toBe(true);
    }
    expect(await panel.getByRole('row').filter({ hasText: 'github-work' }).textContent()).toContain(
      'Rejected: fix it first',
    );
    expect(await panel.getByRole('button', { name: 'Preview changes' }).isDisabled()).toBe(true);
    await panel.getByRole('checkbox', { name: 'Give Claude Code notes-assistant' }).check();
    await panel.getByRole('button', { name: 'Preview changes' }).click();
    const diff = panel.getByLabel(/^Changes to /);
    await diff.waitFor(WAIT);
    const write = panel.getByRole('button', { name: 'Write config' });
    expect((await write.boundingBox())!.y).toBeGreaterThan((await diff.boundingBox())!.y);
    await expectNoSecretAndNoCommand();
    await expectAccessible('clients');
    await saveScreenshot(page, 'clients');

    // Cursor starts from what it has: its connections ticked (and kept).
    await page.getByRole('button', { name: 'Choose connections for Cursor' }).click();
    const cursorPanel = page.getByRole('region', { name: 'Connections for Cursor' });
    expect(await cursorPanel.getByRole('checkbox', { name: 'Give Cursor notes-assistant' }).isChecked()).toBe(true);
    expect(await cursorPanel.getByRole('checkbox', { name: 'Give Cursor search-agent' }).isChecked()).toBe(false);
  });

  it('Add token: name and URL are checked while typing, the token survives a failed save, errors offer the fix', async () => {
    await navigate('Tokens', 'Tokens');
    await page.getByRole('button', { name: 'Add token' }).click();
    await page.getByRole('heading', { name: 'Add token', level: 1 }).waitFor(WAIT);
    // Pasting a GitHub token suggests a name.
    await page.getByLabel('Token', { exact: true }).fill(`ghp_${'A1b2'.repeat(9)}`);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('github');
    await page.getByLabel('Name', { exact: true }).fill('GitHub Work');
    await page.getByText(/The connection name "GitHub Work" is not allowed/).waitFor(WAIT);
    await page.getByLabel('Name', { exact: true }).fill('stripe-billing');
    await page.getByText('“stripe-billing” already exists.').waitFor(WAIT);
    await page.getByRole('button', { name: 'Rotate stripe-billing instead' }).waitFor(WAIT);
    await page.getByLabel('Upstream URL').fill('http://mcp.example.com/mcp');
    await page.getByText(/Refusing plain http to mcp\.example\.com/).waitFor(WAIT);
    await expectAccessible('add-token');

    // A save the core refuses (a token with a space inside) keeps what was pasted.
    await page.getByLabel('Name', { exact: true }).fill('scratch');
    await page.getByLabel('Upstream URL').fill('https://mcp.example.com/mcp');
    await page.getByLabel('Token', { exact: true }).fill('not a token');
    await page.getByLabel('Save without a passed test').check();
    await page.getByRole('button', { name: 'Save token' }).click();
    await page.getByRole('alert').waitFor(WAIT);
    expect(await page.getByLabel('Token', { exact: true }).inputValue()).toBe('not a token');
    await expectNoSecretAndNoCommand();
    await saveScreenshot(page, 'add-token-errors');
  });

  it('Activity: errors only, Status next to Time, and every column visible at 1280×800 despite a long name', async () => {
    await navigate('Activity', 'Activity');
    await page.getByRole('row').filter({ hasText: LONG_NAME }).first().waitFor(WAIT);
    const headers = await page
      .locator('table.audit thead th')
      .evaluateAll((cells) => cells.map((cell) => cell.textContent));
    expect(headers).toEqual(['Time', 'Status', 'Connection', 'Client', 'Method', 'Tool', 'Latency']);
    await page.getByLabel('Errors only').check();
    await page.getByRole('row').filter({ hasText: 'docs-mirror' }).first().waitFor(WAIT);
    await page
      .getByRole('row')
      .filter({ hasText: LONG_NAME })
      .first()
      .waitFor({ ...WAIT, state: 'detached' });
    const statuses = await page
      .locator('table.audit tbody tr td:nth-child(2)')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.textContent)));
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    for (const status of statuses) expect(status).toBeGreaterThanOrEqual(400);
    expect(new Set(statuses)).toEqual(new Set([401, 502, 503]));
    await page.getByLabel('Errors only').uncheck();
    await page.getByRole('row').filter({ hasText: LONG_NAME }).first().waitFor(WAIT);
    const inView = await page.locator('table.audit thead th').evaluateAll((cells) =>
      cells.every((cell) => {
        const box = cell.getBoundingClientRect();
        return box.left >= 0 && box.right <= document.documentElement.clientWidth && box.width > 20;
      }),
    );
    expect(inView).toBe(true);
    const longCell = page.locator('table.audit tbody td', { hasText: LONG_NAME }).first();
    expect(await longCell.getAttribute('title')).toBe(LONG_NAME);
    await expectAccessible('activity');
    await page.getByLabel('Errors only').check();
    await page
      .getByRole('row')
      .filter({ hasText: LONG_NAME })
      .first()
      .waitFor({ ...WAIT, state: 'detached' });
    await saveScreenshot(page, 'activity-errors');
    await page.getByLabel('Errors only').uncheck();
  });

  it('Settings: every setting is a number with its unit; a shorter cadence flags more tokens for rotation', async () => {
    await navigate('Settings', 'Settings');
    const cadence = page.getByLabel('Rotation is due after');
    expect(await cadence.getAttribute('type')).toBe('number');
    expect(await cadence.inputValue()).toBe('90');
    expect(await page.getByLabel('Check every token every').inputValue()).toBe('6');
    expect(await page.getByLabel('Largest request body').inputValue()).toBe('4');
    await page.getByText('hours', { exact: true }).waitFor(WAIT);
    await expectAccessible('settings');
    await saveScreenshot(page, 'settings-all');
    await cadence.fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved', { exact: true }).waitFor(WAIT);
    expect(backend.runtime.services.settings.get().rotationCadenceDays).toBe(30);
    await navigate('Tokens', 'Tokens');
    const notes = page.getByRole('listitem', { name: 'notes-assistant', exact: true });
    await notes.getByText('Rotation due').waitFor(WAIT);
    await navigate('Settings', 'Settings');
    await page.getByLabel('Rotation is due after').fill('90');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved', { exact: true }).waitFor(WAIT);
  });

  it('Import from the warning: focus moves into the panel, the name box is labelled, the token moves into Keyport', async () => {
    await navigate('Tokens', 'Tokens');
    await page.getByRole('region', { name: 'Plaintext tokens found' }).getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Connect clients', level: 1 }).waitFor(WAIT);
    const panel = page.getByRole('region', { name: 'Import tokens found in client configs' });
    await panel.waitFor(WAIT);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Import tokens found in client configs',
    );
    const name = panel.getByLabel('Save as');
    expect(await name.isVisible()).toBe(true);
    expect(await name.inputValue()).toBe('acme-search');
    await expectAccessible('clients-import');
    await panel.getByRole('button', { name: 'Import selected' }).click();
    await page.getByText('Imported acme-search into the keychain.').waitFor(WAIT);
    await navigate('Tokens', 'Tokens');
    await page.getByRole('listitem', { name: 'acme-search', exact: true }).waitFor(WAIT);
    expect(await page.getByRole('region', { name: 'Plaintext tokens found' }).count()).toBe(0);
  });

  it('Throughout: the page reported no errors', () => {
    expect(browser.problems).toEqual([]);
  });
});
