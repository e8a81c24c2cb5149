/** Resolves a client row's config path for an OS, from an injected environment (so tests cover every OS). */
import path from 'node:path';
import { KeyportError } from '../errors.js';
import type { ClientPlatform, ClientRow } from './client-table.js';

export interface HostEnvironment {
  readonly platform: ClientPlatform;
  readonly homeDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The current machine as a HostEnvironment (Linux rules for any other Unix). */
export function currentHost(env: Readonly<Record<string, string | undefined>>, homeDir: string): HostEnvironment {
  const platform: ClientPlatform =
    process.platform === 'darwin' ? 'darwin' : process.platform === 'win32' ? 'win32' : 'linux';
  return { platform, homeDir, env };
}

function pathApi(platform: ClientPlatform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** macOS `~/Library/Application Support`, Windows `%APPDATA%`, Linux `$XDG_CONFIG_HOME` or `~/.config`. */
export function appDataDir(host: HostEnvironment): string {
  const p = pathApi(host.platform);
  switch (host.platform) {
    case 'darwin':
      return p.join(host.homeDir, 'Library', 'Application Support');
    case 'win32':
      return host.env.APPDATA || p.join(host.homeDir, 'AppData', 'Roaming');
    case 'linux':
      return host.env.XDG_CONFIG_HOME || p.join(host.homeDir, '.config');
  }
}

export function resolveConfigPath(row: ClientRow, host: HostEnvironment, projectDir?: string): string {
  const template = row.paths[host.platform];
  const p = pathApi(host.platform);
  let base: string;
  switch (template.base) {
    case 'home':
      base = host.homeDir;
      break;
    case 'appData':
      base = appDataDir(host);
      break;
    case 'project':
      if (projectDir === undefined) {
        throw new KeyportError(
          'INVALID_INPUT',
          `${row.label} keeps project servers in a project: pass --project <dir>.`,
        );
      }
      base = p.resolve(projectDir);
      break;
  }
  return p.join(base, ...template.segments);
}
