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
    expect(await screen.findByRole('img', { name: 'Calls per day for billing: 30 in 2 days' })).toBeTruthy();
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
});
