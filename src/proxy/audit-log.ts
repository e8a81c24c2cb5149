/**
 * The audit log: one JSON line per proxied request in `<dataDir>/audit.log` — time, client,
 * connection, method, tool, HTTP status, latency. Never a token, key, header value or argument.
 * Lines are buffered and appended in batches; the file rotates by size (audit.log.1, .2).
 */
import { appendFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from '../contract/dto.js';

/**
 * What the request path hands over: the time as epoch ms, formatted only when written. The method
 * is the JSON-RPC method (several joined by ',' for a batch), or the HTTP method of a stream.
 */
export type AuditRecord = Omit<AuditEntry, 'time' | 'method'> & { readonly method: string; readonly at: number };

export const AUDIT_LOG_FILE = 'audit.log';
export const DEFAULT_AUDIT_MAX_BYTES = 5 * 1024 * 1024;
/** Rotated files kept next to the live one (audit.log.1, audit.log.2). */
export const KEEP_ROTATED = 2;
/** Buffered lines that trigger a write before the timer: bounds memory under heavy traffic. */
export const AUDIT_BATCH_LINES = 512;

export function auditLogPath(dataDir: string): string {
  return join(dataDir, AUDIT_LOG_FILE);
}

export interface AuditLog {
  readonly path: string;
  append(record: AuditRecord): void;
  flush(): Promise<void>;
}

/**
 * `Date#toISOString` for epoch ms, formatting each second once: a batch holds hundreds of lines
 * from the same few seconds, and toISOString was the dearest part of writing one.
 */
export function createIsoTimeFormatter(): (at: number) => string {
  let second = Number.NaN;
  let prefix = '';
  return (at) => {
    const ms = at % 1000;
    if (!Number.isInteger(at) || ms < 0) return new Date(at).toISOString();
    const start = at - ms;
    if (start !== second) {
      second = start;
      prefix = new Date(start).toISOString().slice(0, -4);
    }
    return `${prefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
  };
}

/** The written form of a record (fields in AuditEntry's order; no object rest/spread per line). */
function auditLine(record: AuditRecord, time: string): AuditEntry {
  const line = {
    time,
    client: record.client,
    connection: record.connection,
    method: record.method,
    tool: record.tool,
    status: record.status,
    latencyMs: record.latencyMs,
  };
  return record.denied === true ? { ...line, denied: true } : line;
}

export function createAuditLog(options: { readonly dataDir: string; readonly maxBytes?: number }): AuditLog {
  const path = auditLogPath(options.dataDir);
  const maxBytes = options.maxBytes ?? DEFAULT_AUDIT_MAX_BYTES;
  let entries: AuditRecord[] = [];
  let size: number | undefined;
  let chain: Promise<void> = Promise.resolve();
  const isoTime = createIsoTimeFormatter();

  const rotate = async (): Promise<void> => {
    for (let index = KEEP_ROTATED; index >= 1; index -= 1) {
      const from = index === 1 ? path : `${path}.${index - 1}`;
      await rename(from, `${path}.${index}`).catch(() => undefined);
    }
    size = 0;
  };

  const write = async (): Promise<void> => {
    if (entries.length === 0) return;
    let text = '';
    for (const entry of entries) text += `${JSON.stringify(auditLine(entry, isoTime(entry.at)))}\n`;
    entries = [];
    if (size === undefined)
      size = await stat(path).then(
        (info) => info.size,
        () => 0,
      );
    if (size > 0 && size + text.length > maxBytes) await rotate();
    await appendFile(path, text, { mode: 0o600 });
    size += Buffer.byteLength(text);
  };

  let early = false;
  const flush = (): Promise<void> => {
    chain = chain.then(write).catch(() => undefined);
    return chain;
  };

  return {
    path,
    append(record) {
      entries.push(record);
      if (entries.length >= AUDIT_BATCH_LINES && !early) {
        early = true;
        void flush().then(() => {
          early = false;
        });
      }
    },
    flush,
  };
}
