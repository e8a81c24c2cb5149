import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { autostartDesktopEntry, autostartFile, createLoginItem, HIDDEN_FLAG } from '../../main/login-item.js';
import { tempHome } from '../support/temp-home.js';

describe('start at login', () => {
  it('Given Linux, When enabled and disabled, Then an XDG autostart entry appears and goes', () => {
    const configHome = tempHome('autostart');
    const item = createLoginItem({
      app: { getLoginItemSettings: vi.fn(), setLoginItemSettings: vi.fn() } as never,
      platform: 'linux',
      env: { XDG_CONFIG_HOME: configHome, APPIMAGE: '/home/me/Apps/Keyport.AppImage' },
      execPath: '/tmp/.mount_Keyport/keyport',
    });
    const file = join(configHome, 'autostart', 'keyport.desktop');
    expect(item.isEnabled()).toBe(false);
    item.setEnabled(true);
    expect(item.isEnabled()).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(`Exec="/home/me/Apps/Keyport.AppImage" ${HIDDEN_FLAG}`);
    item.setEnabled(false);
    expect(existsSync(file)).toBe(false);
  });

  it('Then the desktop entry quotes the path', () => {
    expect(autostartDesktopEntry('/opt/Key "port"/$bin')).toContain('Exec="/opt/Key \\"port\\"/\\$bin" --hidden');
    expect(autostartFile({}, '/home/me')).toBe('/home/me/.config/autostart/keyport.desktop');
  });

  it('Given macOS or Windows, Then Electron login item settings are used, starting hidden', () => {
    const app = { getLoginItemSettings: vi.fn(() => ({ openAtLogin: true })), setLoginItemSettings: vi.fn() };
    const item = createLoginItem({
      app: app as never,
      platform: 'darwin',
      env: {},
      execPath: '/Applications/Keyport.app',
    });
    expect(item.isEnabled()).toBe(true);
    item.setEnabled(false);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: false, args: [HIDDEN_FLAG] });
  });
});
