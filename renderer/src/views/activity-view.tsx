import { useState } from 'react';
import type { AuditFilter } from '../../../src/contract/dto.js';
import { AuditTable } from '../components/audit-table.js';
import { ErrorMessage } from '../components/error-message.js';
import { useAudit } from '../hooks/use-audit.js';
import { useTokens } from '../hooks/use-tokens.js';
import { ActivityFilters } from './activity-filters.js';

/** The audit log, newest first, updating live as the proxy records calls. */
export function ActivityView() {
  const [filter, setFilter] = useState<AuditFilter>({ limit: 200 });
  const audit = useAudit(filter);
  const tokens = useTokens();
  const connections = tokens.state === 'ok' ? tokens.value.map((token) => token.name) : [];
  return (
    <section aria-labelledby="activity-title">
      <header className="view-header">
        <h1 id="activity-title">Activity</h1>
        <span className="muted small live" aria-hidden="true">
          ● live
        </span>
      </header>
      <ActivityFilters filter={filter} connections={connections} onChange={setFilter} />
      {audit.state === 'ok' && (
        <AuditTable
          entries={audit.value}
          caption="Audit log"
          empty={
            Object.keys(filter).some((key) => key !== 'limit' && filter[key as keyof AuditFilter] !== undefined)
              ? 'No call matches these filters.'
              : 'No calls recorded yet.'
          }
        />
      )}
      {audit.state === 'error' && <ErrorMessage error={audit.error} />}
    </section>
  );
}
