import { describe, expect, it, vi } from 'vitest';
import { KeyportError } from '../../src/errors.js';
import { createTrayActions } from '../../main/tray-actions.js';
import type { NativeNotification } from '../../main/notifier.js';
import { fakeRuntime } from './support/fake-runtime.js';
import { RUNNING_PROXY, tokenSummary } from './support/fixtures.js';

function setup() {
  const { runtime } = fakeRuntime({ tokens: [tokenSummary({ name: 'gh' })], proxy: RUNNING_PROXY, calls: [] });
  const notes: NativeNotification[] = [];
  let clipboard = '';
  const deps = {
    services: runtime.services,
    clipboard: {
      readText: async () => clipboard,
      clear: () => void (clipboard = ''),
      writeText: async (text: string) => void (clipboard = text),
    },
    inspectToken: runtime.inspectToken,
    notify: (note: NativeNotification) => notes.push(note),
    navigate: vi.fn(),
    openExternal: vi.fn(),
    refresh: vi.fn(),
    quit: vi.fn(),
  };
  return { actions: createTrayActions(deps), deps, notes, services: runtime.services, clipboard: () => clipboard };
}

describe('tray actions', () => {
  it('When "Copy proxy URL" is clicked, Then the connection URL is on the clipboard', async () => {
    const { actions, clipboard } = setup();
    actions.copyProxyUrl('gh');
    await vi.waitFor(() => expect(clipboard()).toBe('http://127.0.0.1:8931/gh/mcp'));
  });

  it('When "Rotate…" or "Open Keyport" is clicked, Then the window opens on the right view', () => {
    const { actions, deps } = setup();
    actions.openRotateDialog('gh');
    actions.openWindow();
    expect(deps.navigate.mock.calls).toEqual([[{ view: 'rotate', name: 'gh' }], [null]]);
  });

  it('When pausing fails, Then a notification says why; when it works, the menu is refreshed', async () => {
    const { actions, deps, notes, services } = setup();
    services.tokens.setPaused = async () => {
      throw new KeyportError('NOT_FOUND', 'No connection named "gh".');
    };
    actions.setTokenPaused('gh', true);
    await vi.waitFor(() => expect(notes).toEqual([{ title: 'Could not pause gh', body: 'No connection named "gh".' }]));
    services.tokens.setPaused = async (name, paused) => tokenSummary({ name, paused });
    actions.setTokenPaused('gh', false);
    await vi.waitFor(() => expect(deps.refresh).toHaveBeenCalled());
  });

  it('When "Test connection" is clicked, Then the result is a notification', async () => {
    const { actions, notes, services } = setup();
    services.tokens.test = async () => ({ serverName: 'GitHub MCP', serverVersion: '1.0', toolCount: 42 });
    actions.testConnection('gh');
    await vi.waitFor(() => expect(notes[0]).toEqual({ title: 'gh: connection works', body: 'GitHub MCP · 42 tools' }));
  });

  it('When "Start at login" is toggled, Then it goes through the settings (which apply the login item)', async () => {
    const { actions, services, deps } = setup();
    actions.setStartAtLogin(true);
    await vi.waitFor(() => expect(deps.refresh).toHaveBeenCalled());
    expect(services.settings.get().startAtLogin).toBe(true);
  });

  it('When a token page or Quit is chosen, Then they are handed on', () => {
    const { actions, deps } = setup();
    actions.openTokenPage('https://github.com/settings/tokens');
    actions.quit();
    expect(deps.openExternal).toHaveBeenCalledWith('https://github.com/settings/tokens');
    expect(deps.quit).toHaveBeenCalled();
  });
});
