// The app's side of issue 19: OAuth sign-in and token commands in Add token, the sign-in state with
// Sign in again on a token's page, and header templates / token commands editable there.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { tokenAttention } from '../../../src/core/attention.js';
import { fakeApi, ok, token, type FakeApi } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

const CLIENT_SECRET = `cs_${'9f'.repeat(20)}`;

function withToken(summary: TokenSummary): FakeApi {
  const api = fakeApi();
  api['tokens:list'].mockImplementation(() => ok([summary]));
  return api;
}

function oauthToken(signInNeeded: { since: string; detail: string } | null): TokenSummary {
  const base = token({
    name: 'linear',
    kind: 'oauth',
    masked: 'OAuth',
    oauth: {
      scope: 'read write',
      signedInAt: '2026-01-01T00:00:00.000Z',
      accessExpiresAt: new Date(Date.now() + 600_000).toISOString(),
      signInExpiresAt: null,
      signInNeeded,
      moreScope: null,
      clientSource: 'dynamic',
    },
  });
  const attention = tokenAttention({ ...base, rotationCadenceDays: 90, signIn: signInNeeded }, new Date());
  return { ...base, attention };
}

describe('Add token: sign in with OAuth, or a token command', () => {
  it('Given "Sign in with OAuth", when submitted, then main runs the sign-in with scope and client, and the secret never reaches the DOM', async () => {
    const api = fakeApi();
    api['tokens:add-oauth'].mockImplementation(() => ok(token({ name: 'linear', kind: 'oauth' })));
    const { user, container } = renderApp(api, { view: 'add' });
    await user.click(screen.getByRole('radio', { name: 'Sign in with OAuth' }));
    expect(screen.queryByLabelText('Token')).toBeNull();
    await user.type(screen.getByLabelText('Upstream URL'), 'https://mcp.linear.app/mcp');
    await user.type(screen.getByLabelText('Name'), 'linear');
    await user.type(screen.getByLabelText('Scope (optional)'), 'read write');
    await user.type(screen.getByLabelText('Client ID (optional)'), 'keyport-desktop');
    await user.click(screen.getByLabelText('Client secret (optional)'));
    await user.paste(CLIENT_SECRET);
    await user.click(screen.getByRole('button', { name: 'Sign in with OAuth' }));
    expect(api['tokens:add-oauth']).toHaveBeenCalledWith({
      name: 'linear',
      url: 'https://mcp.linear.app/mcp',
      scope: 'read write',
      clientId: 'keyport-desktop',
      clientSecret: CLIENT_SECRET,
    });
    expect(await screen.findByRole('heading', { name: 'linear' })).toBeTruthy();
    expect(container.innerHTML).not.toContain(CLIENT_SECRET);
  });

  it('Given "A token a command prints" and a header, then add gets the command, its TTL and the header template', async () => {
    const api = fakeApi();
    api['tokens:add'].mockImplementation(() => ok(token({ name: 'gh', kind: 'command' })));
    const { user } = renderApp(api, { view: 'add' });
    await user.click(screen.getByRole('radio', { name: 'A token a command prints' }));
    await user.type(screen.getByLabelText('Token command'), 'gh auth token');
    await user.type(screen.getByLabelText('Upstream URL'), 'https://api.githubcopilot.com/mcp/');
    await user.type(screen.getByLabelText('Name'), 'gh');
    await user.type(screen.getByLabelText('Header (optional)'), 'X-API-Key: {{token}');
    await user.click(screen.getByRole('button', { name: 'Save token' }));
    expect(api['tokens:add']).toHaveBeenCalledWith({
      name: 'gh',
      url: 'https://api.githubcopilot.com/mcp/',
      tokenCommand: 'gh auth token',
      tokenTtlSeconds: 300,
      headers: [{ name: 'X-API-Key', template: '{token}' }],
    });
  });
});

describe('Token detail: sign-in state and how the token is sent', () => {
  it('Given an OAuth connection whose sign-in lapsed, then the callout and the sign-in panel offer Sign in, which asks main to sign in', async () => {
    const api = withToken(
      oauthToken({
        since: new Date(Date.now() - 3_600_000).toISOString(),
        detail: 'the authorization server refused the refresh',
      }),
    );
    api['tokens:sign-in'].mockImplementation(() => ok(oauthToken(null)));
    const { user } = renderApp(api, { view: 'token', name: 'linear' });
    const callout = within(await screen.findByRole('region', { name: 'Sign-in needed' }));
    const panel = within(screen.getByRole('region', { name: 'Sign-in' }));
    expect(
      panel.getByText(/Sign-in needed \(the authorization server refused the refresh\) since 1 hour ago/),
    ).toBeTruthy();
    expect(panel.getByText('read write')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Rotate…' })).toBeNull();
    await user.click(callout.getByRole('button', { name: 'Sign in: linear' }));
    expect(api['tokens:sign-in']).toHaveBeenCalledWith({ name: 'linear' });
    expect(await callout.findByRole('status')).toBeTruthy();
  });

  it('Given a token connection, when its header templates are edited, then update gets the parsed templates and the query parameter', async () => {
    const api = withToken(token({ name: 'acme' }));
    const { user } = renderApp(api, { view: 'token', name: 'acme' });
    const panel = within(await screen.findByRole('region', { name: 'How the token is sent' }));
    const headers = panel.getByLabelText(/Headers/);
    expect((headers as HTMLTextAreaElement).value).toBe('authorization: Bearer {token}');
    await user.clear(headers);
    await user.type(headers, 'X-API-Key: {{token}{Enter}X-Org: acme');
    await user.type(panel.getByLabelText(/Query parameter/), 'key');
    await user.click(panel.getByRole('button', { name: 'Save how it is sent' }));
    expect(api['tokens:update']).toHaveBeenCalledWith({
      name: 'acme',
      headers: [
        { name: 'X-API-Key', template: '{token}' },
        { name: 'X-Org', template: 'acme' },
      ],
      queryParam: 'key',
    });
  });

  it('Given a command connection, then its command and TTL are editable and Rotate is not offered', async () => {
    const api = withToken(
      token({ name: 'gh', kind: 'command', masked: '$(gh)', tokenCommand: { line: 'gh auth token', ttlSeconds: 300 } }),
    );
    const { user } = renderApp(api, { view: 'token', name: 'gh' });
    const panel = within(await screen.findByRole('region', { name: 'How the token is sent' }));
    expect(screen.queryByRole('button', { name: 'Rotate…' })).toBeNull();
    const command = panel.getByLabelText('Token command');
    await user.clear(command);
    await user.type(command, 'gh auth token --hostname example.com');
    await user.click(panel.getByRole('button', { name: 'Save how it is sent' }));
    expect(api['tokens:update']).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'gh',
        tokenCommand: 'gh auth token --hostname example.com',
        tokenTtlSeconds: 300,
      }),
    );
  });
});
