import type { AuditEntry } from '../../../src/contract/dto.js';
import { formatDateTime } from '../format/relative-time.js';

function statusTone(status: number): string {
  if (status >= 500 || status === 0) return 'danger';
  if (status >= 400) return 'warn';
  return 'ok';
}

/** Audit entries, newest first: time, connection, client, method, tool, status, latency. Never arguments. */
export function AuditTable(props: {
  readonly entries: readonly AuditEntry[];
  readonly caption: string;
  /** False inside one connection's view, where the column would repeat its name. */
  readonly showConnection?: boolean;
}) {
  const showConnection = props.showConnection ?? true;
  if (props.entries.length === 0) return <p className="muted">No calls recorded yet.</p>;
  return (
    <div className="table-wrap">
      <table className="audit">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {showConnection && <th scope="col">Connection</th>}
            <th scope="col">Client</th>
            <th scope="col">Method</th>
            <th scope="col">Tool</th>
            <th scope="col">Status</th>
            <th scope="col">Latency</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((entry, index) => (
            <tr key={`${entry.time}-${index}`}>
              <td>{formatDateTime(entry.time)}</td>
              {showConnection && <td>{entry.connection}</td>}
              <td>{entry.client ?? '—'}</td>
              <td>{entry.method ?? '—'}</td>
              <td>{entry.tool ?? '—'}</td>
              <td className={`tone-${statusTone(entry.status)}`}>{entry.status}</td>
              <td>{Math.round(entry.latencyMs)} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
