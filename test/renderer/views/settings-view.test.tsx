import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

describe('Settings view', () => {
  it('Given the settings, the user changes them and settings:update gets the parsed values', async () => {
    const api = fakeApi();
    const { user } = renderApp(api, { view: 'settings' });
    const port = await screen.findByLabelText('Proxy port');
    await user.type(port, '9100');
    await user.click(screen.getByLabelText('Start Keyport at login'));
    const expiry = screen.getByLabelText('Warn this many days before a token expires');
    await user.clear(expiry);
    await user.type(expiry, '14, 3,1');
    await user.click(screen.getByLabelText('Every request'));
    await user.click(screen.getByLabelText(/Refuse calls once a quota is used up/));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(api['settings:update']).toHaveBeenCalledWith({
      port: 9100,
      startAtLogin: true,
      notifyExpiryDays: [14, 3, 1],
      notifyQuotaPercents: [80, 100],
      countedCalls: 'all',
      hardStopAtQuota: true,
    });
    expect(await screen.findByText('Saved')).toBeTruthy();
  });

  it('Given a running proxy, the sidebar says where it listens', async () => {
    renderApp(fakeApi(), { view: 'settings' });
    expect((await screen.findByText(/Proxy on 127.0.0.1:8931/)).textContent).toBe('Proxy on 127.0.0.1:8931');
  });

  it('When main asks for a view (tray → Rotate), the window opens it', async () => {
    const api = fakeApi();
    renderApp(api);
    await screen.findByRole('heading', { name: 'Tokens' });
    api.emit('ui:navigate', { view: 'settings' });
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
  });
});
