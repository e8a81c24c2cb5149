/**
 * Writes a file atomically without blocking the event loop: the text goes to a temp file in the
 * same folder, is fsynced, then renamed over the target (readers see the old or the new file,
 * never a half-written one). Every step runs on libuv's thread pool (fs.promises).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isProcessRunning } from '../process-running.js';

export async function writeFileAtomic(file: string, text: string, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Removes temp files that writeFileAtomic left for `file` when its process died mid-write
 * (kill -9, power loss). Files of a process that is still running are left alone.
 */
export function removeStaleTempFiles(file: string): string[] {
  const folder = path.dirname(file);
  const pattern = new RegExp(`^${escapeRegExp(path.basename(file))}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match || isProcessRunning(Number(match[1]))) continue;
    try {
      rmSync(path.join(folder, name), { force: true });
      removed.push(name);
    } catch {
      // Another process removed it first, or the folder is read-only: nothing to lose either way.
    }
  }
  return removed;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
