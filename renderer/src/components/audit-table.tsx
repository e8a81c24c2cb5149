import type { AuditEntry } from '../../../src/contract/dto.js';
import { formatDateTime } from '../format/relative-time.js';

function statusTone(status: number): string {
  if (status >= 500 || status === 0) return 'danger';
  if (status >= 400) return 'warn';
  return 'ok';
}

/** A cell that keeps its column's width: long text is cut with an ellipsis and shown whole on hover. */
function Cell({ text }: { readonly text: string }) {
  return (
    <td className="truncate" title={text}>
      {text}
    </td>
  );
}

/**
 * Audit entries, newest first: time and status side by side, then connection, client, method, tool,
 * latency. A fixed layout: a long connection name is cut, never pushing a column out of sight.
 * Never arguments.
 */
export function AuditTable(props: {
  readonly entries: readonly AuditEntry[];
  readonly caption: string;
  /** False inside one connection's view, where the column would repeat its name. */
  readonly showConnection?: boolean;
  readonly empty?: string;
}) {
  const showConnection = props.showConnection ?? true;
  if (props.entries.length === 0) return <p className="muted">{props.empty ?? 'No calls recorded yet.'}</p>;
  return (
    <div className="table-wrap">
      <table className="audit">
        <caption className="visually-hidden">{props.caption}</caption>
        <colgroup>
          <col className="col-time" />
          <col className="col-status" />
          {showConnection && <col className="col-connection" />}
          <col className="col-client" />
          <col className="col-method" />
          <col className="col-tool" />
          <col className="col-latency" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Status</th>
            {showConnection && <th scope="col">Connection</th>}
            <th scope="col">Client</th>
            <th scope="col">Method</th>
            <th scope="col">Tool</th>
            <th scope="col" className="num">
              Latency
            </th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((entry, index) => (
            <tr key={`${entry.time}-${index}`}>
              <td>{formatDateTime(entry.time)}</td>
              {entry.denied === true ? (
                <td
                  className="tone-warn"
                  title="Denied by the tool policy: Keyport answered, nothing reached the server"
                >
                  Denied
                </td>
              ) : (
                <td className={`tone-${statusTone(entry.status)}`}>{entry.status === 0 ? '—' : entry.status}</td>
              )}
              {showConnection && <Cell text={entry.connection} />}
              <Cell text={entry.client ?? '—'} />
              <Cell text={entry.method ?? '—'} />
              <Cell text={entry.tool ?? '—'} />
              <td className="num">{Math.round(entry.latencyMs)} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
