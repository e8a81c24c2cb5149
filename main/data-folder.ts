/**
 * One data folder for the app and the CLI: Electron's userData is pointed at resolveDataDir
 * (KEYPORT_HOME honoured), and Chromium's own caches go to a subfolder so they never mix with
 * metadata.json. Must run before the app is ready.
 */
import { join } from 'node:path';
import type { App } from 'electron';
import { resolveDataDir } from '../src/store/data-dir.js';

export const SESSION_FOLDER = 'Session';

export function alignDataFolder(
  app: Pick<App, 'setPath'>,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): string {
  const dataDir = resolveDataDir({ env, platform });
  app.setPath('userData', dataDir);
  app.setPath('sessionData', join(dataDir, SESSION_FOLDER));
  return dataDir;
}
