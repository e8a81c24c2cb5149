import type { AuditEntry, AuditFilter } from '../../../src/contract/dto.js';

/** The same filter the core applies to `audit:list`, for live entries arriving by event. */
export function matchesFilter(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.connection !== undefined && entry.connection !== filter.connection) return false;
  if (filter.client !== undefined && entry.client !== filter.client) return false;
  if (filter.method !== undefined && entry.method !== filter.method) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  return true;
}
