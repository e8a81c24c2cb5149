/**
 * The Tools tab in real Chromium over the real core (main/'s runtime and IPC handlers, the
 * keychain, the proxy) and a real MCP SDK upstream with annotated tools: the tab lists the tools
 * live, a switch denies a tool for all clients and the SDK client through the proxy no longer sees
 * or reaches it, the read-only preset narrows one client, the refusal shows as Denied in
 * Activity. axe-core in light and dark; screenshots token-tools, token-tools-dark,
 * token-tools-800x600 and activity-denied.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { generateClientKey } from '../../src/proxy/client-keys.js';
import { canaryToken } from '../support/keychain-guard.js';
import { listAllTools } from '../support/list-all-tools.js';
import { startToolUpstream, type ToolUpstream } from '../support/upstreams/tool-upstream.js';
import type { E2eBrowser } from './harness/browser.js';
import { buildRenderer } from './harness/build-renderer.js';
import { startCoreBackend, type CoreBackend } from './harness/core-backend.js';
import { CLI_COMMAND, expectAccessible as expectAccessibleIn } from './harness/page-checks.js';
import { saveScreenshot } from './harness/screenshots.js';
import { openUi } from './harness/open-ui.js';
import type { UiServer } from './harness/ui-server.js';

vi.mock('../../main/electron-store-backend.js', () => ({ electronStoreFactory: () => undefined }));

const WAIT = { timeout: 20_000 };
const TOKEN = canaryToken('7005');

let upstream: ToolUpstream;
let backend: CoreBackend;
let server: UiServer;
let browser: E2eBrowser;
let page: Page;
let stopEvents: () => void;
const keys: Record<string, string> = {};
const clients: Client[] = [];

async function sdkClient(client: string): Promise<Client> {
  const sdk = new Client({ name: `e2e-${client}`, version: '1.0.0' });
  await sdk.connect(
    new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${backend.proxyPort}/notes/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${keys[client]}` } },
    }),
  );
  clients.push(sdk);
  return sdk;
}

const names = async (sdk: Client) => (await listAllTools(sdk)).map((tool) => tool.name);
const toolSwitch = (name: string) => page.getByRole('switch', { name, exact: true });

const expectAccessible = (view: string) => expectAccessibleIn(page, view);

async function expectNoSecretAndNoCommand(): Promise<void> {
  expect((await page.content()).includes(TOKEN), 'the token is in the page').toBe(false);
  expect(await page.locator('body').innerText()).not.toMatch(CLI_COMMAND);
}

describe('The Tools tab in Chromium over the real core', () => {
  beforeAll(async () => {
    const rendererDir = buildRenderer();
    upstream = await startToolUpstream({ mode: 'sse', token: TOKEN, pageSize: 2 });
    backend = await startCoreBackend('tools');
    const added = await backend.dispatch('tokens:add', [{ name: 'notes', url: upstream.url, token: TOKEN }]);
    expect(added.ok).toBe(true);
    const core = backend.coreContext(systemClock);
    await core.metadata.update((draft) => {
      for (const client of ['cursor', 'readonly']) {
        const key = generateClientKey();
        keys[client] = key.key;
        draft.clients[client] = {
          name: client,
          keyHash: key.keyHash,
          masked: key.masked,
          createdAt: new Date().toISOString(),
        };
      }
    });
    core.metadata.close();
    core.usage.close();
    ({ server, browser, page, stopEvents } = await openUi(backend, rendererDir));
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    stopEvents?.();
    await browser?.close();
    await server?.close();
    await backend?.close();
    await upstream?.close();
  });

  it('Tools tab: every tool live with its description and annotations, a switch for all clients and per client', async () => {
    await page.getByRole('button', { name: 'notes', exact: true }).click();
    await page.getByRole('heading', { name: 'notes', level: 1 }).waitFor(WAIT);
    await page.getByRole('tab', { name: 'Tools' }).click();
    await page.getByText('5 tools of tool-upstream, listed just now.').waitFor(WAIT);
    const table = page.getByRole('table', { name: 'Tools of notes and the clients that may use them' });
    expect(await table.getByRole('row').count()).toBe(6);
    expect(await table.getByText('Counts clock ticks (changes the counter)').isVisible()).toBe(true);
    expect(await table.getByText('Destructive').isVisible()).toBe(true);
    expect(await toolSwitch('ticks for all clients').isChecked()).toBe(true);
    expect(await toolSwitch('ticks for readonly').isChecked()).toBe(true);
    await expectNoSecretAndNoCommand();
    await expectAccessible('tools tab');
    await saveScreenshot(page, 'token-tools');
  });

  it('A switch turned off for all clients: the SDK client through the proxy no longer lists or reaches the tool', async () => {
    const cursor = await sdkClient('cursor');
    expect(await names(cursor)).toContain('ticks');
    await toolSwitch('ticks for all clients').click();
    await page.getByText('every tool except ticks').waitFor(WAIT);
    expect(await toolSwitch('ticks for all clients').isChecked()).toBe(false);
    expect(await toolSwitch('ticks for cursor').isChecked()).toBe(false);
    await expect.poll(() => names(cursor), { timeout: 5000 }).not.toContain('ticks');
    await expect(cursor.callTool({ name: 'ticks', arguments: {} })).rejects.toThrow(/Tool "ticks" is denied/);
    expect(upstream.calls()).not.toContain('ticks');
  });

  it('The read-only preset for one client: it sees the read-only tools only; the others keep theirs', async () => {
    await page.getByRole('combobox', { name: 'Preset for' }).selectOption('readonly');
    await page.getByRole('button', { name: 'Read-only tools only' }).click();
    await page.getByRole('columnheader', { name: 'readonly own rule' }).waitFor(WAIT);
    expect(await page.getByRole('listitem').filter({ hasText: 'readonly:' }).innerText()).toBe(
      'readonly: read-only tools',
    );
    expect(await toolSwitch('delete_note for readonly').isChecked()).toBe(false);
    expect(await toolSwitch('delete_note for cursor').isChecked()).toBe(true);
    const readonly = await sdkClient('readonly');
    await expect.poll(() => names(readonly), { timeout: 5000 }).toEqual(['echo', 'list_notes']);
    expect(await names(clients[0]!)).toEqual(['echo', 'list_notes', 'delete_note', 'delete_all']);
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'token-tools-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 800, height: 600 });
    await expectAccessible('tools tab at 800×600');
    await saveScreenshot(page, 'token-tools-800x600', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('Activity: the refused call reads Denied', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor(WAIT);
    const denied = page.getByRole('cell', { name: 'Denied', exact: true });
    await denied.first().waitFor(WAIT);
    expect(await page.getByRole('row').filter({ has: denied }).first().innerText()).toContain('ticks');
    await expectAccessible('activity with a denied call');
    await saveScreenshot(page, 'activity-denied');
    expect(browser.problems).toEqual([]);
  });
});
