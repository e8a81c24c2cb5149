import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, ok, token } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

const DAY = 24 * 3600_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('Tokens view', () => {
  it('Given no tokens, it says what to do first and offers to add one', async () => {
    const api = fakeApi();
    const { user } = renderApp(api);
    expect(await screen.findByRole('heading', { name: 'No tokens yet' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add your first token' }));
    expect(screen.getByRole('heading', { name: 'Add token' })).toBeTruthy();
  });

  it('Given tokens, each row shows name, provider, masked token, host, status, expiry, last use and quota', async () => {
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
          lastUsedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
          quota: {
            limit: 5000,
            used: 4200,
            resetsAt: '2026-12-01T00:00:00.000Z',
            account: null,
            provider: { limit: 5000, remaining: 750, resetAt: null },
          },
        }),
      ]),
    );
    api['usage:daily'].mockImplementation(() => ok([{ date: '2026-11-22', calls: 12 }]));
    renderApp(api);
    const row = await screen.findByRole('listitem', { name: 'billing' });
    const inRow = within(row);
    expect(inRow.getByText('acme')).toBeTruthy();
    expect(inRow.getByText('sk_live_…x7z9')).toBeTruthy();
    expect(inRow.getByText('mcp.acme.dev')).toBeTruthy();
    expect(inRow.getByText('Expiring')).toBeTruthy();
    expect(inRow.getByText(/Expires in 3 days/).getAttribute('data-tone')).toBe('warn');
    expect(inRow.getByText('Last used 2 hours ago')).toBeTruthy();
    expect(inRow.getByText('4,200 / 5,000')).toBeTruthy();
    expect(inRow.getByText(/resets on 1 Dec 2026/)).toBeTruthy();
    expect(inRow.getByText('Provider reports 750 of 5,000 left')).toBeTruthy();
    expect(await inRow.findByRole('img', { name: 'Calls to billing: 12 calls in 1 days' })).toBeTruthy();
    expect(api['usage:daily']).toHaveBeenCalledWith({ name: 'billing', days: 30 });
  });

  it('Given an expired token, its expiry is marked as danger', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() => ok([token({ name: 'old', status: 'expired', expiresAt: inDays(-2) })]));
    renderApp(api);
    const expiry = await screen.findByText(/Expired 2 days ago/);
    expect(expiry.getAttribute('data-tone')).toBe('danger');
  });

  it('When the user filters and sorts, the rows follow', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() =>
      ok([
        token({ name: 'alpha', expiresAt: inDays(90) }),
        token({ name: 'beta', expiresAt: inDays(2), status: 'expiring' }),
        token({ name: 'gamma', provider: 'github', expiresAt: null }),
      ]),
    );
    const { user } = renderApp(api);
    await screen.findByRole('listitem', { name: 'alpha' });
    const names = () =>
      within(screen.getByRole('list', { name: 'Tokens' }))
        .getAllByRole('listitem')
        .map((item) => item.getAttribute('aria-label'));
    expect(names()).toEqual(['alpha', 'beta', 'gamma']);

    await user.selectOptions(screen.getByLabelText('Sort by'), 'expiry');
    expect(names()).toEqual(['beta', 'alpha', 'gamma']);

    await user.type(screen.getByRole('searchbox', { name: 'Filter tokens' }), 'git');
    expect(names()).toEqual(['gamma']);

    await user.clear(screen.getByRole('searchbox', { name: 'Filter tokens' }));
    await user.selectOptions(screen.getByLabelText('Status'), 'expiring');
    expect(names()).toEqual(['beta']);
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
