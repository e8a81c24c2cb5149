/** IPC handlers for usage, accounts and the audit log (read-only). */
import type { UsageQueries } from '../services.js';
import type { IpcHandlers } from './handle.js';

export function createUsageHandlers(
  usage: UsageQueries,
): Pick<IpcHandlers, 'usage:daily' | 'accounts:list' | 'audit:list'> {
  return {
    'usage:daily': ({ name, days }) => usage.daily(name, days),
    'accounts:list': () => usage.accounts(),
    'audit:list': (filter) => usage.audit(filter),
  };
}
