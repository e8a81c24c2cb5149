/**
 * Read-only queries the UI makes: calls per day (from usage.json), shared accounts, and the
 * audit log (JSON lines written by the proxy; newest first, filtered, bounded).
 */
import type { DailyCalls } from '../src/contract/dto.js';
import type { CoreContext } from '../src/core/context.js';
import type { AccountService } from '../src/core/account-service.js';
import { readAudit } from '../src/proxy/audit-reader.js';
import { localDateKey } from '../src/tokens/local-date.js';
import type { UsageQueries } from './services.js';
import { ownEntry } from '../src/store/own-entry.js';

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

export function createUsageQueries(context: CoreContext, accounts: AccountService): UsageQueries {
  return {
    daily: async (name, days) =>
      dailyCalls(ownEntry(context.usage.read().connections, name)?.daily, days, context.clock.now()),
    accounts: () => accounts.list(),
    audit: (filter) => readAudit(context.dataDir, filter),
  };
}
