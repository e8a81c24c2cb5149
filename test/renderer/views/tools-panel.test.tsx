import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ToolPolicyView } from '../../../src/contract/dto.js';
import { fakeApi, ok, token } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

const VIEW: ToolPolicyView = {
  connection: 'billing',
  source: 'live',
  listedAt: new Date().toISOString(),
  serverName: 'billing-server',
  problem: null,
  rule: { base: 'all', allow: [], deny: ['ticks'], text: 'every tool except ticks' },
  clients: [
    { name: 'cursor', rule: null },
    { name: 'readonly', rule: { base: 'none', allow: ['echo'], deny: [], text: 'only echo' } },
  ],
  tools: [
    {
      name: 'echo',
      title: 'Echo',
      description: 'Echoes its text',
      annotations: { readOnlyHint: true },
      allowed: true,
      byClient: [true, true],
    },
    {
      name: 'ticks',
      title: null,
      description: null,
      annotations: { destructiveHint: true },
      allowed: false,
      byClient: [false, false],
    },
  ],
};

function setup(view: ToolPolicyView = VIEW) {
  const api = fakeApi();
  api['tokens:list'].mockImplementation(() => ok([token({ name: 'billing' })]));
  api['tools:view'].mockImplementation(() => ok(view));
  api['tools:change'].mockImplementation(() => ok(view));
  const rendered = renderApp(api, { view: 'token', name: 'billing' });
  return { api, ...rendered };
}

async function openTools(user: ReturnType<typeof setup>['user']) {
  await user.click(await screen.findByRole('tab', { name: 'Tools' }));
  return screen.findByRole('table', { name: 'Tools of billing and the clients that may use them' });
}

describe('the Tools tab of a token', () => {
  it('Given the tabs, Then Overview is selected first and the arrow keys move to Tools, which lists live', async () => {
    const { api, user } = setup();
    const overview = await screen.findByRole('tab', { name: 'Overview' });
    expect(overview.getAttribute('aria-selected')).toBe('true');
    expect(api['tools:view']).not.toHaveBeenCalled();
    overview.focus();
    await user.keyboard('{ArrowRight}');
    const tools = screen.getByRole('tab', { name: 'Tools' });
    expect(tools.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tools);
    expect(screen.getByRole('tabpanel', { name: 'Tools' })).toBeTruthy();
    expect(await screen.findByText('2 tools of billing-server, listed just now.')).toBeTruthy();
    expect(api['tools:view']).toHaveBeenCalledWith({ name: 'billing', live: true });
  });

  it('Given the tools, Then each shows its description and annotations, and a switch for all clients and per client', async () => {
    const { user } = setup();
    const table = within(await openTools(user));
    expect(table.getByText('Echoes its text')).toBeTruthy();
    expect(table.getByText('Read-only')).toBeTruthy();
    expect(table.getByText('Destructive')).toBeTruthy();
    expect(table.getByRole('columnheader', { name: /cursor follows all clients/ })).toBeTruthy();
    expect(table.getByRole('columnheader', { name: /readonly own rule/ })).toBeTruthy();
    expect((table.getByRole('switch', { name: 'echo for all clients' }) as HTMLInputElement).checked).toBe(true);
    expect((table.getByRole('switch', { name: 'ticks for readonly' }) as HTMLInputElement).checked).toBe(false);
    expect(screen.getByText('every tool except ticks')).toBeTruthy();
    expect(screen.getByText('only echo')).toBeTruthy();
  });

  it('When a switch is turned, Then that scope gets an allow or a deny of exactly that tool', async () => {
    const { api, user } = setup();
    const table = within(await openTools(user));
    await user.click(table.getByRole('switch', { name: 'echo for cursor' }));
    expect(api['tools:change']).toHaveBeenCalledWith({
      name: 'billing',
      client: 'cursor',
      change: { kind: 'deny', tools: ['echo'] },
    });
    await user.click(table.getByRole('switch', { name: 'ticks for all clients' }));
    expect(api['tools:change']).toHaveBeenLastCalledWith({
      name: 'billing',
      client: null,
      change: { kind: 'allow', tools: ['ticks'] },
    });
  });

  it('When the read-only preset is applied to a client, Then that client gets a read-only rule; reset follows all clients', async () => {
    const { api, user } = setup();
    await openTools(user);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Preset for' }), 'readonly');
    await user.click(screen.getByRole('button', { name: 'Read-only tools only' }));
    expect(api['tools:change']).toHaveBeenCalledWith({
      name: 'billing',
      client: 'readonly',
      change: { kind: 'read-only' },
    });
    await user.click(screen.getByRole('button', { name: 'Follow all clients' }));
    expect(api['tools:change']).toHaveBeenLastCalledWith({
      name: 'billing',
      client: 'readonly',
      change: { kind: 'reset' },
    });
  });

  it('Given an unreachable server, Then the last list shows with the reason, in the app’s words', async () => {
    const { user } = setup({
      ...VIEW,
      source: 'cache',
      listedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
      problem: 'Cannot reach https://billing.example/mcp; check it with `keyport check billing` and your network.',
    });
    await openTools(user);
    const status = screen.getByText(/could not be asked for its tools/).closest('[role="status"]')!;
    expect(status.textContent).toMatch(
      /could not be asked for its tools: Cannot reach https:\/\/billing\.example\/mcp/,
    );
    expect(status.textContent).toContain('Showing the 2 tools of billing-server listed 3 hours ago.');
    expect(status.textContent).not.toContain('keyport');
  });

  it('Given no list at all, Then the error shows with Try again, which asks again', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() => ok([token({ name: 'billing' })]));
    api['tools:view'].mockImplementation(() =>
      Promise.resolve({ ok: false, error: { code: 'UPSTREAM_UNREACHABLE', message: 'Cannot reach the server.' } }),
    );
    const { user } = renderApp(api, { view: 'token', name: 'billing' });
    await user.click(await screen.findByRole('tab', { name: 'Tools' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Cannot reach the server.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(api['tools:view']).toHaveBeenCalledTimes(2);
  });
});
