/**
 * Reading the audit log for `keyport log`: the last N entries (across the newest rotated file
 * and the live one), and following new lines as they are appended (rotation-aware polling).
 */
import { existsSync, readFileSync, statSync, watchFile, unwatchFile, openSync, readSync, closeSync } from 'node:fs';
import { auditLogPath, type AuditEntry } from './audit-log.js';

function parseLines(text: string): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      // A torn or foreign line: skip it.
    }
  }
  return entries;
}

export function readAuditTail(dataDir: string, count: number): AuditEntry[] {
  const path = auditLogPath(dataDir);
  const parts = [`${path}.1`, path].filter((file) => existsSync(file)).map((file) => readFileSync(file, 'utf8'));
  const entries = parseLines(parts.join('\n'));
  return count > 0 ? entries.slice(-count) : entries;
}

/** Calls `onEntry` for every line appended from now on; returns a stop function. */
export function followAudit(dataDir: string, onEntry: (entry: AuditEntry) => void, intervalMs = 250): () => void {
  const path = auditLogPath(dataDir);
  let offset = existsSync(path) ? statSync(path).size : 0;
  let partial = '';
  const readNew = () => {
    if (!existsSync(path)) return;
    const size = statSync(path).size;
    if (size < offset) {
      offset = 0; // rotated: the live file started over
      partial = '';
    }
    if (size === offset) return;
    const buffer = Buffer.alloc(size - offset);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const text = partial + buffer.toString('utf8');
    const end = text.lastIndexOf('\n');
    partial = end === -1 ? text : text.slice(end + 1);
    for (const entry of parseLines(end === -1 ? '' : text.slice(0, end))) onEntry(entry);
  };
  watchFile(path, { interval: intervalMs, persistent: true }, readNew);
  return () => unwatchFile(path, readNew);
}

export function formatAuditEntry(entry: AuditEntry): string {
  const tool = entry.tool ? ` ${entry.tool}` : '';
  const status = entry.denied === true ? `${entry.status} DENIED by the tool policy` : String(entry.status);
  return `${entry.time}  ${entry.connection}  ${entry.client ?? '(keyless)'}  ${entry.method}${tool}  ${status}  ${entry.latencyMs.toFixed(1)} ms`;
}
