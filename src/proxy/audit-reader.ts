/**
 * Reading the audit log the proxy writes (audit-log.ts: JSON lines, appended in batches, rotated
 * by size to audit.log.1 and .2) — the one reader for `keyport log` and the app's Activity view:
 * the newest entries first across the live file and its rotated predecessors, filtered and
 * bounded; and a tail that reports whole lines appended since the last poll, starting again from
 * the top of a file that shrank or was replaced (rotated).
 */
import { open, readFile, stat } from 'node:fs/promises';
import type { AuditEntry, AuditFilter } from '../contract/dto.js';
import { matchesAuditFilter } from '../contract/audit-filter.js';
import { createSerialPoller } from '../serial-poller.js';
import { auditLogPath, KEEP_ROTATED } from './audit-log.js';

export const DEFAULT_AUDIT_LIMIT = 200;

/** One audit.log line as the contract's AuditEntry; null for a torn or foreign line. */
export function parseAuditLine(line: string): AuditEntry | null {
  let value: Partial<Record<keyof AuditEntry, unknown>>;
  try {
    value = JSON.parse(line) as typeof value;
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (typeof value.time !== 'string' || typeof value.connection !== 'string' || typeof value.status !== 'number') {
    return null;
  }
  return {
    time: value.time,
    client: typeof value.client === 'string' ? value.client : null,
    connection: value.connection,
    method: typeof value.method === 'string' ? value.method : null,
    tool: typeof value.tool === 'string' ? value.tool : null,
    status: value.status,
    latencyMs: typeof value.latencyMs === 'number' ? value.latencyMs : 0,
    ...(value.denied === true ? { denied: true } : {}),
  };
}

/** The live file, then its rotated predecessors, newest first. */
function auditFiles(dataDir: string): string[] {
  const base = auditLogPath(dataDir);
  return [base, ...Array.from({ length: KEEP_ROTATED }, (_, index) => `${base}.${index + 1}`)];
}

/** Newest entries first from audit.log and its rotated predecessors, filtered, at most `filter.limit`. */
export async function readAudit(dataDir: string, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const limit = filter.limit ?? DEFAULT_AUDIT_LIMIT;
  const result: AuditEntry[] = [];
  for (const file of auditFiles(dataDir)) {
    if (result.length >= limit) break;
    const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n');
    for (let index = lines.length - 1; index >= 0 && result.length < limit; index -= 1) {
      const entry = parseAuditLine(lines[index] ?? '');
      if (entry !== null && matchesAuditFilter(entry, filter)) result.push(entry);
    }
  }
  return result;
}

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

/** Follows `path` from its current end: each poll reads only what was appended since the last one. */
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
