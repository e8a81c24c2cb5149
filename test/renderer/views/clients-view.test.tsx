import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, ok, token } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

function apiWithClients() {
  const api = fakeApi();
  api['tokens:list'].mockImplementation(() => ok([token({ name: 'billing' }), token({ name: 'search' })]));
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

describe('Connect clients view', () => {
  it('Given clients, each shows its state', async () => {
    renderApp(apiWithClients(), { view: 'clients' });
    expect(within(await screen.findByRole('listitem', { name: 'Cursor' })).getByText('Not connected')).toBeTruthy();
    expect(within(screen.getByRole('listitem', { name: 'VS Code' })).getByText('Connected')).toBeTruthy();
    expect(within(screen.getByRole('listitem', { name: 'Windsurf' })).getByText('Config not found')).toBeTruthy();
  });

  it('When the user previews, the diff is shown before anything is written; Write config then writes', async () => {
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
    const card = within(await screen.findByRole('listitem', { name: 'Cursor' }));
    await user.click(card.getByRole('checkbox', { name: 'billing' }));
    await user.click(card.getByRole('button', { name: 'Preview changes' }));
    expect(api['clients:preview']).toHaveBeenCalledWith({ client: 'cursor', names: ['search'] });
    const diff = await card.findByLabelText('Changes to /home/u/.cursor/mcp.json');
    expect(diff.querySelector('.diff-add')?.textContent).toContain('127.0.0.1:8931/search/mcp');
    expect(diff.querySelector('.diff-del')?.textContent).toContain('"old"');
    expect(api['clients:connect']).not.toHaveBeenCalled();

    await user.click(card.getByRole('button', { name: 'Write config' }));
    expect(api['clients:connect']).toHaveBeenCalledWith({ client: 'cursor', names: ['search'] });
    expect((await card.findByRole('status')).textContent).toContain('backup: /home/u/.cursor/mcp.json.bak');
  });

  it('Given hardcoded tokens in client configs, the core’s suggested name is offered and the user can change it', async () => {
    const api = apiWithClients();
    api['clients:import-scan'].mockImplementation(() =>
      ok([
        {
          client: 'cursor',
          configPath: '/home/u/.cursor/mcp.json',
          entry: 'Acme Billing',
          masked: 'sk_live_…9f9f',
          url: 'https://mcp.acme.dev/mcp',
          provider: 'acme',
          // The core made it unique against an existing "acme-billing"; the UI shows it as given.
          suggestedName: 'acme-billing-2',
        },
      ]),
    );
    api['clients:import'].mockImplementation(() => ok([token({ name: 'acme' })]));
    const { user } = renderApp(api, { view: 'clients' });
    const name = await screen.findByLabelText('Name for Acme Billing');
    expect((name as HTMLInputElement).value).toBe('acme-billing-2');
    await user.clear(name);
    await user.type(name, 'acme');
    await user.click(screen.getByRole('checkbox', { name: /Acme Billing/ }));
    await user.click(screen.getByRole('button', { name: 'Import selected' }));
    expect(api['clients:import']).toHaveBeenCalledWith({
      entries: [{ client: 'cursor', entry: 'Acme Billing', name: 'acme' }],
    });
    expect(await screen.findByText('Imported acme into the keychain.')).toBeTruthy();
  });

  it('Given no tokens yet, a client says to add one first instead of offering an empty choice', async () => {
    const api = apiWithClients();
    api['tokens:list'].mockImplementation(() => ok([]));
    renderApp(api, { view: 'clients' });
    const card = within(await screen.findByRole('listitem', { name: 'Cursor' }));
    expect(card.getByText(/Add a token first/)).toBeTruthy();
    expect(card.queryByRole('button', { name: 'Preview changes' })).toBeNull();
  });
});
