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

export interface EnsureDataDirOptions {
  /**
   * Create missing parent folders too (the OS default location, e.g. ~/.config on a fresh
   * machine). Off for KEYPORT_HOME: a missing parent there is most likely a typo.
   */
  readonly createParents?: boolean;
}

/**
 * Creates the folder (mode 0700) if needed and proves it is a writable folder; fails fast with a
 * message naming the folder, what is wrong and the fix. Never `mkdir -p` (Node's recursive mkdir
 * spins forever under /proc, where mkdir answers ENOENT for a parent that exists): missing folders
 * are made one level at a time, at most as deep as the path.
 */
export function ensureDataDir(dir: string, options: EnsureDataDirOptions = {}): string {
  const fail = (problem: string, cause?: unknown): never => {
    throw new KeyportError(
      'INVALID_INPUT',
      `The data folder ${dir} cannot be used: ${problem}; make it a writable folder or point KEYPORT_HOME at one.`,
      { cause },
    );
  };
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const kind = entryKind(current);
    if (kind === 'folder') break;
    if (kind === 'other') fail(current === path.resolve(dir) ? 'it is not a folder' : `${current} is not a folder`);
    if (path.dirname(current) === current) fail(`the root ${current} does not exist`);
    missing.unshift(current);
    if (!options.createParents && missing.length > 1) fail(`its parent folder ${path.dirname(dir)} does not exist`);
  }
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder, { mode: 0o700 });
      if (process.platform !== 'win32') fs.chmodSync(folder, 0o700);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        fail(`${folder} cannot be created (${codeOf(error)})`, error);
    }
  }
  // access(W_OK) says yes to root on a read-only or virtual file system: write something instead.
  const probe = path.join(dir, `.keyport-probe-${process.pid}-${Date.now()}`);
  try {
    fs.writeFileSync(probe, '', { flag: 'wx', mode: 0o600 });
    fs.rmSync(probe, { force: true });
  } catch (error) {
    fail(`it is not writable (${codeOf(error)})`, error);
  }
  return dir;
}

/** Whether `env` names the folder itself (KEYPORT_HOME): then its parent must exist already. */
export function ensureDataDirOptions(env: Readonly<Record<string, string | undefined>>): EnsureDataDirOptions {
  return { createParents: !env.KEYPORT_HOME?.trim() };
}

function entryKind(file: string): 'folder' | 'other' | 'missing' {
  try {
    return fs.statSync(file).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where a parent folder should be; walking up names it.
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'other';
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/** A warning when other users can read the folder (POSIX only), for `keyport doctor`; null when fine. */
export function dataDirPermissionProblem(dir: string): string | null {
  if (process.platform === 'win32') return null;
  const mode = fs.statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  return `The data folder ${dir} is readable by other users (mode ${mode.toString(8)}); run \`chmod 700 ${dir}\`.`;
}
