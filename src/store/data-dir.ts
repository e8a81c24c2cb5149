/**
 * The data folder shared by the CLI, the proxy and the desktop app: KEYPORT_HOME, else the
 * OS application-data folder Electron uses for productName "Keyport" (app.getPath('userData')).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KeyportError } from '../errors.js';

export const APP_FOLDER_NAME = 'Keyport';

export interface ResolveDataDirOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform?: NodeJS.Platform;
  readonly homedir?: string;
}

export function resolveDataDir(options: ResolveDataDirOptions): string {
  const { env } = options;
  const platform = options.platform ?? process.platform;
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  const override = env.KEYPORT_HOME?.trim();
  if (override) return pathApi.resolve(override);
  const home = options.homedir ?? os.homedir();
  switch (platform) {
    case 'darwin':
      return pathApi.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
    case 'win32':
      return pathApi.join(env.APPDATA?.trim() || pathApi.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
    default: {
      const xdg = env.XDG_CONFIG_HOME?.trim();
      const base = xdg && pathApi.isAbsolute(xdg) ? xdg : pathApi.join(home, '.config');
      return pathApi.join(base, APP_FOLDER_NAME);
    }
  }
}

/** Creates the folder (mode 0700) if needed; fails with a message naming the folder and the fix. */
export function ensureDataDir(dir: string): string {
  try {
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (process.platform !== 'win32') fs.chmodSync(dir, 0o700);
    }
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) throw new Error('not a directory');
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK);
    return dir;
  } catch (error) {
    throw new KeyportError(
      'INVALID_INPUT',
      `The data folder ${dir} cannot be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ` +
        'make it a writable folder or point KEYPORT_HOME at one.',
      { cause: error },
    );
  }
}

/** A warning when other users can read the folder (POSIX only), for `keyport doctor`; null when fine. */
export function dataDirPermissionProblem(dir: string): string | null {
  if (process.platform === 'win32') return null;
  const mode = fs.statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  return `The data folder ${dir} is readable by other users (mode ${mode.toString(8)}); run \`chmod 700 ${dir}\`.`;
}
