import { useCallback, useEffect } from 'react';
import type { AuditEntry, AuditFilter } from '../../../src/contract/dto.js';
import { useApi } from '../api-context.js';
import { matchesAuditFilter } from '../../../src/contract/audit-filter.js';
import { useKeyportEvent } from './use-event.js';
import { useResult, type LoadedWithControls } from './use-result.js';

/** Audit lines have no id: two entries are the same line when every field is. */
function sameEntry(a: AuditEntry, b: AuditEntry): boolean {
  return (
    a.time === b.time &&
    a.connection === b.connection &&
    a.client === b.client &&
    a.method === b.method &&
    a.tool === b.tool &&
    a.status === b.status &&
    a.latencyMs === b.latencyMs
  );
}

/** Re-reads the log this often too, so entries appear even if a push was missed. */
const REFRESH_MS = 5_000;

/**
 * Audit entries matching `filter`, newest first: `audit:entry` events are prepended as they arrive,
 * and the list is re-read when usage changes (`tokens:changed`) and every few seconds.
 */
export function useAudit(filter: AuditFilter): LoadedWithControls<AuditEntry[]> {
  const api = useApi();
  const { connection, client, method, status, errorsOnly, limit } = filter;
  const load = useCallback(
    () => api['audit:list']({ connection, client, method, status, errorsOnly, limit }),
    [api, connection, client, method, status, errorsOnly, limit],
  );
  const audit = useResult(load);
  const { reload } = audit;
  useKeyportEvent('audit:entry', (entry) => {
    if (!matchesAuditFilter(entry, filter)) return;
    // A re-read may already hold the line the push carries (the log was read after it was written).
    audit.update((shown) =>
      shown.some((line) => sameEntry(line, entry)) ? shown : [entry, ...shown].slice(0, limit ?? 200),
    );
  });
  useKeyportEvent('tokens:changed', () => void reload());
  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return audit;
}
