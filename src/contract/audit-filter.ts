/**
 * Which audit entries an AuditFilter keeps — one rule for `audit:list` (main reads the log) and for
 * live `audit:entry` events (the renderer prepends them). Pure: no Node, so the renderer can import it.
 */
import type { AuditEntry, AuditFilter } from './dto.js';

/** A call that failed: an HTTP error status, no answer at all (status 0), or denied by the tool policy. */
export function isFailedCall(entry: Pick<AuditEntry, 'status' | 'denied'>): boolean {
  return entry.status >= 400 || entry.status === 0 || entry.denied === true;
}

/** Every given field must match; a batch's method is a comma-joined list and matches any of its methods. */
export function matchesAuditFilter(entry: AuditEntry, filter: AuditFilter): boolean {
  return (
    (filter.connection === undefined || entry.connection === filter.connection) &&
    (filter.client === undefined || entry.client === filter.client) &&
    (filter.method === undefined || (entry.method ?? '').split(',').includes(filter.method)) &&
    (filter.status === undefined || entry.status === filter.status) &&
    (filter.errorsOnly !== true || isFailedCall(entry))
  );
}
