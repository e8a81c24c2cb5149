import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routeFor } from '../../renderer/src/app.js';
import { fakeApi, ok, token } from './support/fake-api.js';
import { renderApp } from './support/render-app.js';

describe('routeFor (main asks the window to open a view)', () => {
  it('maps tray requests to routes; a token view without a name falls back to the list', () => {
    expect(routeFor({ view: 'rotate', name: 'billing' })).toEqual({ view: 'token', name: 'billing', panel: 'rotate' });
    expect(routeFor({ view: 'token', name: 'billing' })).toEqual({ view: 'token', name: 'billing' });
    expect(routeFor({ view: 'rotate' })).toEqual({ view: 'tokens' });
    expect(routeFor({ view: 'activity' })).toEqual({ view: 'activity' });
  });
});

describe('App shell', () => {
  it('When the tray asks to rotate a token, its detail opens with the rotate form, and focus moves into its field', async () => {
    const api = fakeApi();
    api['tokens:list'].mockImplementation(() => ok([token({ name: 'billing' })]));
    renderApp(api);
    await screen.findByRole('listitem', { name: 'billing' });
    api.emit('ui:navigate', { view: 'rotate', name: 'billing' });
    expect(await screen.findByLabelText('New token')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('New token'));
  });

  it('When a view opens without a panel, focus moves to the view, so keyboard users start at its top', async () => {
    const { user } = renderApp(fakeApi());
    await user.click(screen.getByRole('button', { name: 'Activity' }));
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });

  it('Navigation marks the current view for assistive technology', async () => {
    const { user } = renderApp(fakeApi());
    await user.click(screen.getByRole('button', { name: 'Activity' }));
    expect(screen.getByRole('button', { name: 'Activity' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'Tokens' }).getAttribute('aria-current')).toBeNull();
  });
});
