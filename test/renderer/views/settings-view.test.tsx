import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../support/fake-api.js';
import { renderApp } from '../support/render-app.js';

describe('Settings view', () => {
  it('Given the settings, every one is a field (numbers with units) and settings:update gets the values', async () => {
    const api = fakeApi();
    const { user } = renderApp(api, { view: 'settings' });
    const port = await screen.findByLabelText('Proxy port');
    await user.type(port, '9100');
    await user.click(screen.getByLabelText('Start Keyport at login'));
    const numbers: [string, string, string][] = [
      ['First warning before expiry', '14', 'days'],
      ['Second warning before expiry', '3', 'days'],
      ['Check every token every', '12', 'hours'],
      ['Rotation is due after', '60', 'days'],
      ['Largest request body', '8', 'MiB'],
      ['First quota warning at', '75', '% used'],
    ];
    for (const [label, value, unit] of numbers) {
      const field = screen.getByLabelText(label);
      expect(field.getAttribute('type')).toBe('number');
      expect(document.getElementById(field.getAttribute('aria-describedby')?.split(' ')[0] ?? '')?.textContent).toBe(
        unit,
      );
      await user.clear(field);
      await user.type(field, value);
    }
    await user.clear(screen.getByLabelText('Second quota warning at'));
    await user.click(screen.getByLabelText('Every request'));
    await user.click(screen.getByLabelText(/Refuse calls once a quota is used up/));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(api['settings:update']).toHaveBeenCalledWith({
      port: 9100,
      startAtLogin: true,
      notifyExpiryDays: [14, 3],
      notifyQuotaPercents: [75],
      countedCalls: 'all',
      hardStopAtQuota: true,
      checkIntervalHours: 12,
      rotationCadenceDays: 60,
      maxBodyBytes: 8 * 1024 * 1024,
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
