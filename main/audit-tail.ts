/**
 * Follows the proxy's audit log (JSON lines, appended in batches, rotated by size) so the
 * Activity view updates live: each poll reads only what was appended since the last one.
 * A file that shrank or was replaced was rotated: reading starts again from its beginning.
 */
import { open, stat } from 'node:fs/promises';
import type { AuditEntry } from '../src/contract/dto.js';
import { createSerialPoller } from './serial-poller.js';
import { parseAuditLine } from './usage-queries.js';

export interface AuditTail {
  /** Reads new complete lines now and hands their entries to `onEntries`. */
  poll(): Promise<readonly AuditEntry[]>;
  start(intervalMs: number): void;
  stop(): void;
}

/** Size and identity of the file (a rotation replaces the file: another inode). */
async function fileState(path: string): Promise<{ readonly size: number; readonly ino: number }> {
  return stat(path).then(
    (info) => ({ size: info.size, ino: info.ino }),
    () => ({ size: 0, ino: 0 }),
  );
}

export async function createAuditTail(options: {
  readonly path: string;
  readonly onEntries: (entries: readonly AuditEntry[]) => void;
}): Promise<AuditTail> {
  const initial = await fileState(options.path);
  let offset = initial.size;
  let inode = initial.ino;
  let partial = '';

  const read = async (): Promise<readonly AuditEntry[]> => {
    const { size, ino } = await fileState(options.path);
    if (size < offset || ino !== inode) {
      offset = 0;
      partial = '';
      inode = ino;
    }
    if (size === offset) return [];
    const file = await open(options.path, 'r');
    try {
      const buffer = Buffer.alloc(size - offset);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
      offset += bytesRead;
      const lines = (partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      const entries = lines.map(parseAuditLine).filter((entry): entry is AuditEntry => entry !== null);
      if (entries.length > 0) options.onEntries(entries);
      return entries;
    } finally {
      await file.close();
    }
  };

  const poller = createSerialPoller<readonly AuditEntry[]>(read, () => []);
  return { poll: poller.run, start: poller.start, stop: poller.stop };
}
