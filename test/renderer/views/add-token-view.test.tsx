import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, ok, token } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

const CANARY = `sk_live_${'ab'.repeat(28)}c4a4b499`;

async function fillForm(user: ReturnType<typeof renderApp>['user']) {
  await user.type(screen.getByLabelText('Name'), 'billing');
  await user.type(screen.getByLabelText('Upstream URL'), 'https://mcp.acme.dev/mcp');
  await user.click(screen.getByLabelText('Token'));
  await user.paste(CANARY);
}

describe('Add token view', () => {
  it('Given a pasted token, the field is masked and saving waits for a passed test', async () => {
    const api = fakeApi();
    api['tokens:test'].mockImplementation(() => ok({ serverName: 'Acme MCP', serverVersion: '2.1.0', toolCount: 7 }));
    api['tokens:add'].mockImplementation(() => ok(token({ name: 'billing' })));
    const { user, container } = renderApp(api, { view: 'add' });
    await fillForm(user);

    expect(screen.getByLabelText('Token').getAttribute('type')).toBe('password');
    expect(screen.getByText(/Detected:/).textContent).toBe('Detected: acme.dev · Agent API key (live)');
    const save = screen.getByRole('button', { name: 'Save token' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByText(/Connected to/)).textContent).toBe('Connected to Acme MCP 2.1.0 — 7 tools');
    expect(api['tokens:test']).toHaveBeenCalledWith({ url: 'https://mcp.acme.dev/mcp', token: CANARY });
    expect(save.disabled).toBe(false);

    await user.click(save);
    expect(api['tokens:add']).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'billing', url: 'https://mcp.acme.dev/mcp', token: CANARY, expires: '90d' }),
    );
    // Then the detail view opens and the secret is nowhere in the DOM.
    expect(await screen.findByRole('heading', { name: 'billing' })).toBeTruthy();
    expect(container.innerHTML).not.toContain('c4a4b499');
  });

  it('When the test fails, the exact error is shown and saving stays disabled', async () => {
    const api = fakeApi();
    api['tokens:test'].mockImplementation(() =>
      Promise.resolve({
        ok: false,
        error: {
          code: 'TOKEN_REJECTED',
          message: 'mcp.acme.dev rejected the token (401 TOKEN_INVALID): paste a valid one.',
        },
      }),
    );
    const { user } = renderApp(api, { view: 'add' });
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('mcp.acme.dev rejected the token (401 TOKEN_INVALID): paste a valid one.');
    expect(alert.textContent).toContain('TOKEN_REJECTED');
    expect((screen.getByRole('button', { name: 'Save token' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('When the user explicitly skips the test, saving is allowed; a failed save keeps the pasted token', async () => {
    const api = fakeApi();
    api['tokens:add'].mockImplementation(() =>
      Promise.resolve({ ok: false, error: { code: 'KEYCHAIN_LOCKED', message: 'The keychain is locked: unlock it.' } }),
    );
    const { user } = renderApp(api, { view: 'add' });
    await fillForm(user);
    await user.type(screen.getByLabelText('Monthly quota (calls, optional)'), '5000');
    await user.selectOptions(screen.getByLabelText('Expiry'), '1y');
    await user.click(screen.getByLabelText('Save without a passed test'));
    await user.click(screen.getByRole('button', { name: 'Save token' }));
    expect(api['tokens:test']).not.toHaveBeenCalled();
    expect(api['tokens:add']).toHaveBeenCalledWith(
      expect.objectContaining({ quota: 5000, resetDay: 1, expires: '1y', verify: false }),
    );
    expect((await screen.findByRole('alert')).textContent).toContain('The keychain is locked: unlock it.');
    expect((screen.getByLabelText('Token') as HTMLInputElement).value).toBe(CANARY);
    // Unlocked now: the same form saves without pasting again.
    api['tokens:add'].mockImplementation(() => ok(token({ name: 'billing' })));
    await user.click(screen.getByRole('button', { name: 'Save token' }));
    expect(api['tokens:add']).toHaveBeenLastCalledWith(expect.objectContaining({ token: CANARY }));
  });

  it('While typing, the name and URL are checked: pattern, duplicates, plain http; a duplicate offers to rotate it', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() => ok([token({ name: 'stripe-billing' })]));
    const { user } = renderApp(api, { view: 'add' });
    const name = await screen.findByLabelText('Name');
    await user.type(name, 'GitHub Work');
    expect(screen.getByText(/The connection name "GitHub Work" is not allowed/)).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
    await user.clear(name);
    await user.type(name, 'stripe-billing');
    expect(await screen.findByText('“stripe-billing” already exists.')).toBeTruthy();
    await user.type(screen.getByLabelText('Upstream URL'), 'http://mcp.example.com/mcp');
    expect(screen.getByText(/Refusing plain http to mcp\.example\.com/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save token' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Rotate stripe-billing instead' }));
    expect(await screen.findByRole('heading', { name: 'Rotate token' })).toBeTruthy();
  });

  it('Given a pasted token of a known provider, a free name is suggested until the user types one', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() => ok([token({ name: 'github' })]));
    const { user } = renderApp(api, { view: 'add' });
    await user.click(await screen.findByLabelText('Token'));
    await user.paste(`ghp_${'A1b2'.repeat(9)}`);
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('github-2');
    await user.clear(screen.getByLabelText('Name'));
    await user.type(screen.getByLabelText('Name'), 'work');
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('work');
  });

  it('When the core says the name is taken, the error is in the app’s terms and offers to rotate that token', async () => {
    const api = fakeApi();
    api['tokens:add'].mockImplementation(() =>
      Promise.resolve({
        ok: false,
        error: {
          code: 'NAME_TAKEN',
          message:
            'A connection named "billing" already exists; choose another name, or use `keyport rotate billing` / `keyport set billing`.',
        },
      }),
    );
    const { user } = renderApp(api, { view: 'add' });
    await fillForm(user);
    await user.click(screen.getByLabelText('Save without a passed test'));
    await user.click(screen.getByRole('button', { name: 'Save token' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('already exists; choose another name, or rotate its token instead.');
    expect(alert.textContent).not.toMatch(/keyport |`/);
    expect(screen.getByRole('button', { name: 'Rotate billing instead' })).toBeTruthy();
  });

  it('When the token changes after a passed test, the test must run again', async () => {
    const api = fakeApi();
    const { user } = renderApp(api, { view: 'add' });
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByText(/Connected to/);
    await user.type(screen.getByLabelText('Token'), 'x');
    expect((screen.getByRole('button', { name: 'Save token' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('Given an exact-date expiry, the date is sent as YYYY-MM-DD', async () => {
    const api = fakeApi();
    const { user } = renderApp(api, { view: 'add' });
    await fillForm(user);
    await user.selectOptions(screen.getByLabelText('Expiry'), 'date');
    await user.type(screen.getByLabelText('Expiry date'), '2027-03-01');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByText(/Connected to/);
    await user.click(screen.getByRole('button', { name: 'Save token' }));
    expect(api['tokens:add']).toHaveBeenCalledWith(expect.objectContaining({ expires: '2027-03-01' }));
  });
});
