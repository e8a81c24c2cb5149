import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { fakeApi, ok, token, type FakeApi } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

const CANARY = `sk_live_${'cd'.repeat(28)}0a7e7e77`;

function withToken(summary: TokenSummary): FakeApi {
  const api = fakeApi();
  api['tokens:list'].mockImplementation(() => ok([summary]));
  return api;
}

describe('Token detail view', () => {
  const billing = token({
    name: 'billing',
    masked: 'sk_live_…old1',
    quota: { limit: 100, used: 30, resetsAt: '2026-12-01T00:00:00.000Z', account: null, provider: null },
  });

  it('Given a token, it shows the facts, the usage chart and recent calls from the audit log', async () => {
    const api = withToken(billing);
    api['usage:daily'].mockImplementation(() =>
      ok([
        { date: '2026-11-21', calls: 10 },
        { date: '2026-11-22', calls: 20 },
      ]),
    );
    api['audit:list'].mockImplementation(() =>
      ok([
        {
          time: '2026-11-22T10:00:00.000Z',
          client: 'cursor',
          connection: 'billing',
          method: 'tools/call',
          tool: 'create_invoice',
          status: 200,
          latencyMs: 42,
        },
      ]),
    );
    renderApp(api, { view: 'token', name: 'billing' });
    expect(await screen.findByRole('heading', { name: 'billing' })).toBeTruthy();
    expect(screen.getByText('sk_live_…old1')).toBeTruthy();
    expect(
      await screen.findByRole('img', {
        name: 'Calls per day to billing: 30 in 2 days; the busiest day, 2026-11-22, had 20.',
      }),
    ).toBeTruthy();
    const card = within(screen.getByRole('region', { name: 'Quota' }));
    expect(card.getByText('70 left')).toBeTruthy();
    expect(card.getByText(/30 of 100 calls used \(30 %\) · resets on 1 Dec 2026/)).toBeTruthy();
    // Charts are images, never tab stops.
    expect(document.querySelectorAll('svg[tabindex]:not([tabindex="-1"])')).toHaveLength(0);
    expect(await screen.findByText('create_invoice')).toBeTruthy();
    expect(api['audit:list']).toHaveBeenCalledWith(expect.objectContaining({ connection: 'billing', limit: 20 }));
  });

  it('When the user rotates, the new token is verified and swapped, the field cleared, and rollback offered', async () => {
    const api = withToken(billing);
    const rotated = token({
      ...billing,
      masked: 'sk_live_…e777',
      previous: { masked: 'sk_live_…old1', until: '2026-11-30T00:00:00.000Z' },
    });
    api['tokens:rotate'].mockImplementation(() => {
      api.emit('tokens:changed', [rotated]);
      return ok(rotated);
    });
    api['tokens:rollback'].mockImplementation(() => ok(billing));
    const { user, container } = renderApp(api, { view: 'token', name: 'billing' });
    await user.click(await screen.findByRole('button', { name: 'Rotate…' }));
    await user.click(screen.getByLabelText('New token'));
    await user.paste(CANARY);
    await user.click(screen.getByRole('button', { name: 'Verify and swap' }));

    expect(api['tokens:rotate']).toHaveBeenCalledWith({ name: 'billing', token: CANARY, verify: true });
    expect((await screen.findByText(/Rotated: billing now uses sk_live_…e777/)).textContent).toContain(
      'keep their URL',
    );
    expect((screen.getByLabelText('New token') as HTMLInputElement).value).toBe('');
    expect(container.innerHTML).not.toContain('0a7e7e77');

    await user.click(screen.getByRole('button', { name: 'Roll back to sk_live_…old1' }));
    expect(api['tokens:rollback']).toHaveBeenCalledWith({ name: 'billing' });
    expect(await screen.findByText(/Rolled back/)).toBeTruthy();
  });

  it('When verification of the new token fails, the error is shown and nothing is swapped', async () => {
    const api = withToken(billing);
    api['tokens:rotate'].mockImplementation(() =>
      Promise.resolve({
        ok: false,
        error: { code: 'VERIFY_FAILED', message: 'The new token was rejected (401); billing still uses the old one.' },
      }),
    );
    const { user } = renderApp(api, { view: 'token', name: 'billing', panel: 'rotate' });
    await user.click(await screen.findByLabelText('New token'));
    await user.paste(CANARY);
    await user.click(screen.getByRole('button', { name: 'Verify and swap' }));
    expect((await screen.findByRole('alert')).textContent).toContain('billing still uses the old one');
  });

  it('When the user pauses and resumes, the core is told', async () => {
    const api = withToken(billing);
    const { user } = renderApp(api, { view: 'token', name: 'billing' });
    await user.click(await screen.findByRole('button', { name: 'Pause' }));
    expect(api['tokens:set-paused']).toHaveBeenCalledWith({ name: 'billing', paused: true });
  });

  it('When the user removes, a confirmation comes first; Cancel keeps the token', async () => {
    const api = withToken(billing);
    const { user } = renderApp(api, { view: 'token', name: 'billing' });
    await user.click(await screen.findByRole('button', { name: 'Remove…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove billing?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api['tokens:remove']).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Remove…' }));
    await user.click(screen.getByRole('button', { name: 'Remove billing' }));
    expect(api['tokens:remove']).toHaveBeenCalledWith({ name: 'billing' });
    expect(await screen.findByRole('heading', { name: 'Tokens' })).toBeTruthy();
  });

  it('When the user edits expiry and quota, tokens:update gets exactly the changes', async () => {
    const api = withToken(billing);
    const { user } = renderApp(api, { view: 'token', name: 'billing' });
    const quota = await screen.findByLabelText('Monthly quota (calls; empty for none)');
    await user.clear(quota);
    await user.type(quota, '250');
    await user.selectOptions(screen.getByLabelText('Expiry'), '30d');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(api['tokens:update']).toHaveBeenCalledWith({ name: 'billing', expires: '30d', quota: 250 });
    expect(await screen.findByText('Saved')).toBeTruthy();
  });

  it('When "Test now" fails, the exact error appears', async () => {
    const api = withToken(billing);
    api['tokens:test'].mockImplementation(() =>
      Promise.resolve({ ok: false, error: { code: 'UPSTREAM_UNREACHABLE', message: 'mcp.acme.dev is unreachable.' } }),
    );
    const { user } = renderApp(api, { view: 'token', name: 'billing' });
    await user.click(await screen.findByRole('button', { name: 'Test now' }));
    expect((await screen.findByRole('alert')).textContent).toContain('mcp.acme.dev is unreachable.');
    expect(api['tokens:test']).toHaveBeenCalledWith({ name: 'billing' });
  });

  it('When the user copies the local URL, main puts it on the clipboard and the window says what it was', async () => {
    const api = withToken(billing);
    const { user } = renderApp(api, { view: 'token', name: 'billing' });
    await user.click(await screen.findByRole('button', { name: 'Copy local URL' }));
    expect(api['proxy:copy-url']).toHaveBeenCalledWith({ name: 'billing' });
    expect((await screen.findByText(/Copied/)).textContent).toContain('http://127.0.0.1:8931/example/mcp');
  });

  it('Given a rejected token, a callout says why and offers Rotate token and the provider page; Rotate focuses the field', async () => {
    const api = withToken(
      token({
        name: 'github-work',
        provider: 'GitHub',
        status: 'rejected',
        health: { state: 'rejected', checkedAt: new Date(Date.now() - 40 * 60_000).toISOString(), detail: 'HTTP 401' },
        tokenPageUrl: 'https://github.com/settings/tokens',
      }),
    );
    const { user } = renderApp(api, { view: 'token', name: 'github-work' });
    const callout = within(await screen.findByRole('region', { name: 'Rejected' }));
    expect(callout.getByText(/^The server rejected the token \(HTTP 401\) 40 min ago/)).toBeTruthy();
    const link = callout.getByRole('link', { name: "Open the provider's token page" });
    expect(link.getAttribute('href')).toBe('https://github.com/settings/tokens');
    expect(screen.getByText('Rejected by the server 40 minutes ago')).toBeTruthy();
    await user.click(callout.getByRole('button', { name: 'Rotate token github-work' }));
    expect(document.activeElement).toBe(screen.getByLabelText('New token'));
  });

  it('Given an unreachable server, Test again re-checks and shows the outcome', async () => {
    const api = withToken(
      token({
        name: 'docs',
        status: 'unreachable',
        health: {
          state: 'unreachable',
          checkedAt: new Date().toISOString(),
          detail: 'Cannot reach docs (ECONNREFUSED).',
        },
      }),
    );
    api['tokens:test'].mockImplementation(() => ok({ serverName: 'docs-server', serverVersion: '1.2', toolCount: 4 }));
    const { user } = renderApp(api, { view: 'token', name: 'docs' });
    const callout = within(await screen.findByRole('region', { name: 'Unreachable' }));
    await user.click(callout.getByRole('button', { name: 'Test again docs' }));
    expect(api['tokens:test']).toHaveBeenCalledWith({ name: 'docs' });
    expect((await callout.findByRole('status')).textContent).toBe('Connected to docs-server 1.2 — 4 tools');
  });

  it('Given a shared account quota, the card shows the account total and no running total is drawn for this token alone', async () => {
    const api = withToken(
      token({
        name: 'pool-a',
        quota: { limit: 25000, used: 12400, resetsAt: '2026-12-01T00:00:00.000Z', account: 'team', provider: null },
      }),
    );
    api['usage:daily'].mockImplementation(() => ok([{ date: '2026-11-22', calls: 40 }]));
    renderApp(api, { view: 'token', name: 'pool-a' });
    const card = within(await screen.findByRole('region', { name: 'Quota of account team' }));
    expect(card.getByText(/12,400 of 25,000 calls used \(49 %\) by all tokens of the account/)).toBeTruthy();
    expect(await screen.findByText(/account team’s quota counts the calls of all its tokens/)).toBeTruthy();
    expect(screen.queryByRole('img', { name: /^This period so far/ })).toBeNull();
  });

  it('Given no calls in 30 days, a sentence replaces the chart', async () => {
    const api = withToken(billing);
    api['usage:daily'].mockImplementation(() => ok([{ date: '2026-11-22', calls: 0 }]));
    renderApp(api, { view: 'token', name: 'billing' });
    expect(await screen.findByText('No calls to billing in the last 1 days.')).toBeTruthy();
    expect(screen.queryByRole('img', { name: /^Calls per day/ })).toBeNull();
  });
});
