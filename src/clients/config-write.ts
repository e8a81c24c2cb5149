/**
 * Safe writes of client config files: a backup of the current file into the data folder
 * (folder 0700, file 0600 — backups of files Keyport imported from still hold the token the
 * user had hardcoded, so they stay owner-only and outside the project), then an atomic
 * replace (temp file in the same folder + rename) that keeps the file's mode.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function readTextIfExists(filePath: string): Promise<string | null> {
  try {
    return await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function stamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

/**
 * Copies `text` (the file's current content) to `<backupDir>/<label>-<hash of path>-<time>.json`.
 * Returns the backup's path. Never overwrites an earlier backup.
 */
export async function writeBackup(options: {
  readonly backupDir: string;
  readonly configPath: string;
  readonly label: string;
  readonly text: string;
  readonly at: Date;
}): Promise<string> {
  await mkdir(options.backupDir, { recursive: true, mode: 0o700 });
  await chmod(options.backupDir, 0o700);
  const pathHash = createHash('sha256').update(options.configPath).digest('hex').slice(0, 8);
  const base = `${options.label}-${pathHash}-${stamp(options.at)}`;
  for (let attempt = 0; ; attempt += 1) {
    const candidate = path.join(options.backupDir, `${base}${attempt === 0 ? '' : `-${attempt}`}.json`);
    try {
      await writeFile(candidate, options.text, { mode: 0o600, flag: 'wx' });
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
    }
  }
}

/** Replaces `filePath` atomically with `text`, keeping its mode (0600 for a new file). */
export async function writeFileAtomic(filePath: string, text: string): Promise<void> {
  let mode = 0o600;
  try {
    mode = (await stat(filePath)).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(filePath), { recursive: true });
  }
  const temp = path.join(
    path.dirname(filePath),
    `.${path.basename(filePath)}.keyport-${randomBytes(6).toString('hex')}`,
  );
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, filePath);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
