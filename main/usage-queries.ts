/**
 * Read-only queries the UI makes: calls per day (from usage.json), shared accounts, and the
 * audit log (JSON lines written by the proxy; newest first, filtered, bounded).
 */
import { readFile } from 'node:fs/promises';
import type { AuditEntry, AuditFilter, DailyCalls } from '../src/contract/dto.js';
import type { CoreContext } from '../src/core/context.js';
import type { AccountService } from '../src/core/account-service.js';
import { matchesAuditFilter } from '../src/core/audit-filter.js';
import { auditLogPath } from '../src/proxy/audit-log.js';
import { localDateKey } from '../src/tokens/local-date.js';
import type { UsageQueries } from './services.js';

export const DEFAULT_AUDIT_LIMIT = 200;

/** The last `days` local dates, oldest first, with their counted calls (0 when none). */
export function dailyCalls(daily: Readonly<Record<string, number>> | undefined, days: number, now: Date): DailyCalls[] {
  const result: DailyCalls[] = [];
  for (let offset = days - 1; offset >= 0; offset -= 1) {
    const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() - offset, 12);
    const date = localDateKey(at);
    result.push({ date, calls: daily?.[date] ?? 0 });
  }
  return result;
}

/** One audit.log line as the contract's AuditEntry; null for a torn or foreign line. */
export function parseAuditLine(line: string): AuditEntry | null {
  try {
    const value = JSON.parse(line) as Partial<AuditEntry>;
    if (typeof value.time !== 'string' || typeof value.connection !== 'string' || typeof value.status !== 'number') {
      return null;
    }
    return {
      time: value.time,
      client: value.client ?? null,
      connection: value.connection,
      method: value.method ?? null,
      tool: value.tool ?? null,
      status: value.status,
      latencyMs: value.latencyMs ?? 0,
      ...(value.denied === true ? { denied: true } : {}),
    };
  } catch {
    return null;
  }
}

/** Newest entries first from audit.log and its rotated predecessors. */
export async function readAudit(dataDir: string, filter: AuditFilter): Promise<AuditEntry[]> {
  const limit = filter.limit ?? DEFAULT_AUDIT_LIMIT;
  const base = auditLogPath(dataDir);
  const result: AuditEntry[] = [];
  for (const file of [base, `${base}.1`, `${base}.2`]) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const lines = text.split('\n');
    for (let index = lines.length - 1; index >= 0 && result.length < limit; index -= 1) {
      const entry = parseAuditLine(lines[index] ?? '');
      if (entry !== null && matchesAuditFilter(entry, filter)) result.push(entry);
    }
    if (result.length >= limit) break;
  }
  return result;
}

export function createUsageQueries(context: CoreContext, accounts: AccountService): UsageQueries {
  return {
    daily: async (name, days) => dailyCalls(context.usage.read().connections[name]?.daily, days, context.clock.now()),
    accounts: () => accounts.list(),
    audit: (filter) => readAudit(context.dataDir, filter),
  };
}
