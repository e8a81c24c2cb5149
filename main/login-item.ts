/**
 * "Start at login". macOS and Windows: Electron's login item settings. Linux has no such API,
 * so an XDG autostart entry (~/.config/autostart/keyport.desktop) does the job. The app starts
 * hidden (tray only) when launched at login.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';

export const HIDDEN_FLAG = '--hidden';

export interface LoginItem {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

/** The .desktop entry; `exec` is quoted per the Desktop Entry spec. */
export function autostartDesktopEntry(exec: string): string {
  const quoted = `"${exec.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Keyport',
    'Comment=Keeps MCP server tokens in the OS keychain',
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function autostartFile(env: Readonly<Record<string, string | undefined>>, home = homedir()): string {
  const configHome = env.XDG_CONFIG_HOME?.trim() || join(home, '.config');
  return join(configHome, 'autostart', 'keyport.desktop');
}

export function createLinuxLoginItem(options: { readonly file: string; readonly exec: string }): LoginItem {
  return {
    isEnabled: () => existsSync(options.file),
    setEnabled(enabled) {
      if (!enabled) {
        rmSync(options.file, { force: true });
        return;
      }
      mkdirSync(join(options.file, '..'), { recursive: true });
      writeFileSync(options.file, autostartDesktopEntry(options.exec), { mode: 0o644 });
    },
  };
}

export function createLoginItem(options: {
  readonly app: Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly execPath: string;
}): LoginItem {
  if (options.platform === 'linux') {
    // Inside an AppImage, execPath is a temporary mount; APPIMAGE is the file the user keeps.
    const exec = options.env.APPIMAGE?.trim() || options.execPath;
    return createLinuxLoginItem({ file: autostartFile(options.env), exec });
  }
  return {
    isEnabled: () => options.app.getLoginItemSettings().openAtLogin,
    setEnabled: (enabled) => options.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] }),
  };
}
