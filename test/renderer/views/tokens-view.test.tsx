import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImportCandidate } from '../../../src/contract/dto.js';
import { fakeApi, ok, token } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

const DAY = 24 * 3600_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const rejected = token({
  name: 'github-work',
  status: 'rejected',
  health: { state: 'rejected', checkedAt: minutesAgo(40), detail: 'HTTP 401' },
});

function names(): (string | null)[] {
  return within(screen.getByRole('list', { name: 'Tokens' }))
    .getAllByRole('listitem')
    .map((item) => item.getAttribute('aria-label'));
}

describe('Tokens view', () => {
  it('Given no tokens, it says what to do first and offers to add one', async () => {
    const api = fakeApi();
    const { user } = renderApp(api);
    expect(await screen.findByRole('heading', { name: 'No tokens yet' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add your first token' }));
    expect(screen.getByRole('heading', { name: 'Add token' })).toBeTruthy();
  });

  it('Given tokens, each row shows the worst reason as its chip, why, the fix, the token and calls this period', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() =>
      ok([
        token({
          name: 'billing',
          provider: 'acme',
          masked: 'sk_live_…x7z9',
          url: 'https://mcp.acme.dev/mcp',
          status: 'expiring',
          expiresAt: inDays(3),
          quota: { limit: 5000, used: 4200, resetsAt: '2026-12-01T00:00:00.000Z', account: null, provider: null },
        }),
        token({ name: 'busy', quota: { limit: null, used: 860, resetsAt: null, account: null, provider: null } }),
      ]),
    );
    api['usage:daily'].mockImplementation(() => ok([{ date: '2026-11-22', calls: 12 }]));
    renderApp(api);
    const row = within(await screen.findByRole('listitem', { name: 'billing' }));
    expect(row.getByText('Expires in 3 days', { selector: '.chip' })).toBeTruthy();
    expect(row.getByText(/^Expires in 3 days · /, { selector: '.why' })).toBeTruthy();
    expect(row.getByText('acme', { exact: false }).getAttribute('title')).toContain('mcp.acme.dev');
    expect(row.getByText('sk_live_…x7z9')).toBeTruthy();
    expect(row.getByText('4,200 / 5,000')).toBeTruthy();
    expect(row.getByRole('button', { name: 'Rotate token billing' })).toBeTruthy();
    expect(await row.findByRole('img', { name: 'Calls to billing: 12 calls in 1 days' })).toBeTruthy();
    const busy = within(screen.getByRole('listitem', { name: 'busy' }));
    expect(busy.getByText('OK')).toBeTruthy();
    expect(busy.getByText('860 calls this period')).toBeTruthy();
    expect(api['usage:daily']).toHaveBeenCalledWith({ name: 'billing', days: 30 });
  });

  it('Given a rejected token, the row says what the server said and when; Rotate opens its rotate form with focus in it', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() => ok([rejected]));
    const { user } = renderApp(api);
    const row = within(await screen.findByRole('listitem', { name: 'github-work' }));
    expect(row.getByText('Rejected')).toBeTruthy();
    expect(row.getByText('HTTP 401 · 40 minutes ago')).toBeTruthy();
    await user.click(row.getByRole('button', { name: 'Rotate token github-work' }));
    expect(await screen.findByRole('heading', { name: 'Rotate token' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('New token'));
  });

  it('Given a paused token, Resume in its row resumes it', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() => ok([token({ name: 'sandbox', paused: true, status: 'paused' })]));
    const { user } = renderApp(api);
    const row = within(await screen.findByRole('listitem', { name: 'sandbox' }));
    await user.click(row.getByRole('button', { name: 'Resume sandbox' }));
    expect(api['tokens:set-paused']).toHaveBeenCalledWith({ name: 'sandbox', paused: false });
  });

  it('Given tokens needing attention, the summary opens the list, the sidebar has a badge, and the worst come first', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() =>
      ok([
        token({ name: 'alpha', expiresAt: inDays(90) }),
        token({ name: 'beta', expiresAt: inDays(2), status: 'expiring' }),
        rejected,
        token({ name: 'gamma', provider: 'github', expiresAt: null }),
      ]),
    );
    const { user } = renderApp(api);
    await screen.findByRole('listitem', { name: 'alpha' });
    expect(screen.getByText('2 of 4 tokens need attention (1 critical, 1 warning).')).toBeTruthy();
    const badge = within(screen.getByRole('navigation', { name: 'Main' })).getByText('2');
    expect(badge.className).toBe('badge badge-critical');
    expect(names()).toEqual(['github-work', 'beta', 'alpha', 'gamma']);

    await user.selectOptions(screen.getByLabelText('Sort by'), 'name');
    expect(names()).toEqual(['alpha', 'beta', 'gamma', 'github-work']);
    await user.selectOptions(screen.getByLabelText('Show'), 'attention');
    expect(names()).toEqual(['beta', 'github-work']);
    await user.selectOptions(screen.getByLabelText('Show'), 'all');
    await user.type(screen.getByRole('searchbox', { name: /Filter tokens/ }), 'git');
    expect(names()).toEqual(['gamma', 'github-work']);
  });

  it('Given a plaintext token in a client config, a warning leads to the import with Import as its main action', async () => {
    const api = fakeApi();
    const candidate: ImportCandidate = {
      client: 'vscode',
      configPath: '/home/u/.config/Code/User/mcp.json',
      entry: 'Acme Search',
      masked: 'sk_live_…f1a7',
      url: 'https://mcp.acme.dev/mcp',
      provider: 'acme.dev',
      suggestedName: 'acme-search',
    };
    api['tokens:list'].mockImplementation(() => ok([token({ name: 'alpha' })]));
    api['clients:import-scan'].mockImplementation(() => ok([candidate]));
    const { user } = renderApp(api);
    const warning = within(await screen.findByRole('region', { name: 'Plaintext tokens found' }));
    expect(warning.getByText(/VS Code's config holds “Acme Search” \(sk_live_…f1a7\)/)).toBeTruthy();
    await user.click(warning.getByRole('button', { name: 'Import' }));
    const heading = await screen.findByRole('heading', { name: 'Import tokens found in client configs' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByLabelText('Save as')).toBeTruthy();
  });

  it('When main pushes tokens:changed, the list updates without a reload', async () => {
    const api = fakeApi();
    renderApp(api);
    await screen.findByRole('heading', { name: 'No tokens yet' });
    api.emit('tokens:changed', [token({ name: 'pushed' })]);
    expect(await screen.findByRole('listitem', { name: 'pushed' })).toBeTruthy();
  });

  it('When the core fails, its message (which names the fix) is shown', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() =>
      Promise.resolve({
        ok: false,
        error: { code: 'METADATA_CORRUPT', message: 'metadata.json is corrupt; restore it.' },
      }),
    );
    renderApp(api);
    expect((await screen.findByRole('alert')).textContent).toContain('metadata.json is corrupt; restore it.');
  });
});
