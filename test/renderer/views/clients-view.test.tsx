import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImportCandidate } from '../../../src/contract/dto.js';
import { fakeApi, ok, token } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

const DAY = 24 * 3600_000;

function apiWithClients() {
  const api = fakeApi();
  api['tokens:list'].mockImplementation(() =>
    ok([
      token({ name: 'billing' }),
      token({ name: 'search' }),
      token({ name: 'old', status: 'expired', expiresAt: new Date(Date.now() - DAY).toISOString() }),
      token({
        name: 'revoked',
        status: 'rejected',
        health: { state: 'rejected', checkedAt: new Date().toISOString(), detail: 'HTTP 401' },
      }),
      token({ name: 'held', paused: true, status: 'paused' }),
    ]),
  );
  api['clients:list'].mockImplementation(() =>
    ok([
      { id: 'cursor', label: 'Cursor', configPath: '/home/u/.cursor/mcp.json', state: 'not-connected', connected: [] },
      {
        id: 'vscode',
        label: 'VS Code',
        configPath: '/home/u/.config/Code/User/mcp.json',
        state: 'connected',
        connected: ['billing'],
      },
      {
        id: 'windsurf',
        label: 'Windsurf',
        configPath: '/home/u/.codeium/windsurf/mcp_config.json',
        state: 'config-not-found',
        connected: [],
      },
    ]),
  );
  return api;
}

const found: ImportCandidate = {
  client: 'cursor',
  configPath: '/home/u/.cursor/mcp.json',
  entry: 'Acme Billing',
  masked: 'sk_live_…9f9f',
  url: 'https://mcp.acme.dev/mcp',
  provider: 'acme',
  // The core made it unique against an existing "acme-billing"; the UI shows it as given.
  suggestedName: 'acme-billing-2',
};

describe('Connect clients view', () => {
  it('Given clients, one compact table shows each state, what it uses and where its config is', async () => {
    renderApp(apiWithClients(), { view: 'clients' });
    const cursor = within(await screen.findByRole('row', { name: 'Cursor' }));
    expect(cursor.getByText('Not connected')).toBeTruthy();
    expect(cursor.getByText('…/.cursor/mcp.json').getAttribute('title')).toBe('/home/u/.cursor/mcp.json');
    const vscode = within(screen.getByRole('row', { name: 'VS Code' }));
    expect(vscode.getByText('Connected')).toBeTruthy();
    expect(vscode.getByText('1 · billing')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: 'Windsurf' })).getByText('Config not found')).toBeTruthy();
  });

  it('Given a client not yet connected, nothing is ticked, tokens that would fail are disabled with why, and focus moves in', async () => {
    const { user } = renderApp(apiWithClients(), { view: 'clients' });
    await user.click(await screen.findByRole('button', { name: 'Choose connections for Cursor' }));
    const panel = within(screen.getByRole('region', { name: 'Connections for Cursor' }));
    expect(document.activeElement).toBe(panel.getByRole('heading', { name: 'Connections for Cursor' }));
    expect(panel.getAllByRole('checkbox').filter((box) => (box as HTMLInputElement).checked)).toHaveLength(0);
    for (const [name, why] of [
      ['old', 'Expired: fix it first'],
      ['revoked', 'Rejected: fix it first'],
      ['held', 'Paused: fix it first'],
    ] as const) {
      expect((panel.getByRole('checkbox', { name: `Give Cursor ${name}` }) as HTMLInputElement).disabled).toBe(true);
      expect(within(panel.getByRole('row', { name: new RegExp(name) })).getByText(why)).toBeTruthy();
    }
    expect((panel.getByRole('button', { name: 'Preview changes' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('Given a connected client, it starts from what it has', async () => {
    const { user } = renderApp(apiWithClients(), { view: 'clients' });
    await user.click(await screen.findByRole('button', { name: 'Choose connections for VS Code' }));
    const panel = within(screen.getByRole('region', { name: 'Connections for VS Code' }));
    const billing = panel.getByRole('checkbox', { name: 'Give VS Code billing' }) as HTMLInputElement;
    expect(billing.checked).toBe(true);
    expect(billing.disabled).toBe(true);
    expect((panel.getByRole('checkbox', { name: 'Give VS Code search' }) as HTMLInputElement).checked).toBe(false);
  });

  it('When the user previews, the diff is shown before anything is written; Write config, below it, then writes', async () => {
    const api = apiWithClients();
    api['clients:preview'].mockImplementation(() =>
      ok({
        client: 'cursor',
        configPath: '/home/u/.cursor/mcp.json',
        snippet: '{ "mcpServers": { "search": {} } }',
        diff: '--- a\n+++ b\n {\n+  "search": { "url": "http://127.0.0.1:8931/search/mcp" }\n-  "old": {}\n }\n',
      }),
    );
    api['clients:connect'].mockImplementation(() =>
      ok({
        client: 'cursor',
        configPath: '/home/u/.cursor/mcp.json',
        backupPath: '/home/u/.cursor/mcp.json.bak',
        changed: true,
      }),
    );
    const { user } = renderApp(api, { view: 'clients' });
    await user.click(await screen.findByRole('button', { name: 'Choose connections for Cursor' }));
    const panel = within(screen.getByRole('region', { name: 'Connections for Cursor' }));
    await user.click(panel.getByRole('checkbox', { name: 'Give Cursor search' }));
    await user.click(panel.getByRole('button', { name: 'Preview changes' }));
    expect(api['clients:preview']).toHaveBeenCalledWith({ client: 'cursor', names: ['search'] });
    const diff = await panel.findByLabelText('Changes to /home/u/.cursor/mcp.json');
    expect(diff.querySelector('.diff-add')?.textContent).toContain('127.0.0.1:8931/search/mcp');
    expect(diff.querySelector('.diff-del')?.textContent).toContain('"old"');
    const write = panel.getByRole('button', { name: 'Write config' });
    expect(diff.compareDocumentPosition(write) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(api['clients:connect']).not.toHaveBeenCalled();

    await user.click(write);
    expect(api['clients:connect']).toHaveBeenCalledWith({ client: 'cursor', names: ['search'] });
    expect((await panel.findByRole('status')).textContent).toContain('backup: /home/u/.cursor/mcp.json.bak');
  });

  it('Given a plaintext token in a client config, a warning with Import comes first and the client is marked', async () => {
    const api = apiWithClients();
    api['clients:import-scan'].mockImplementation(() => ok([found]));
    api['clients:import'].mockImplementation(() => ok([token({ name: 'acme' })]));
    const { user } = renderApp(api, { view: 'clients' });
    const warning = within(await screen.findByRole('region', { name: 'Plaintext tokens found' }));
    expect(within(await screen.findByRole('row', { name: 'Cursor' })).getByText('Plaintext token')).toBeTruthy();
    await user.click(warning.getByRole('button', { name: 'Import' }));
    const heading = screen.getByRole('heading', { name: 'Import tokens found in client configs' });
    expect(document.activeElement).toBe(heading);
    const name = screen.getByLabelText('Save as') as HTMLInputElement;
    expect(name.value).toBe('acme-billing-2');
    expect((screen.getByRole('checkbox', { name: /Acme Billing/ }) as HTMLInputElement).checked).toBe(true);
    await user.clear(name);
    await user.type(name, 'acme');
    await user.click(screen.getByRole('button', { name: 'Import selected' }));
    expect(api['clients:import']).toHaveBeenCalledWith({
      entries: [{ client: 'cursor', entry: 'Acme Billing', name: 'acme' }],
    });
    expect(await screen.findByText('Imported acme into the keychain.')).toBeTruthy();
  });

  it('Given no tokens yet, the panel says to add one first instead of offering an empty choice', async () => {
    const api = apiWithClients();
    api['tokens:list'].mockImplementation(() => ok([]));
    const { user } = renderApp(api, { view: 'clients' });
    await user.click(await screen.findByRole('button', { name: 'Choose connections for Cursor' }));
    const panel = within(screen.getByRole('region', { name: 'Connections for Cursor' }));
    expect(panel.getByText(/Add a token first/)).toBeTruthy();
  });
});
