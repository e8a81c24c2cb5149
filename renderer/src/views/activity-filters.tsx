import type { AuditFilter } from '../../../src/contract/dto.js';

const METHODS = ['tools/call', 'tools/list', 'initialize', 'resources/read', 'prompts/get'];

/** Filters for the audit log (an empty choice means "any"); they stay at the top while the log scrolls. */
export function ActivityFilters(props: {
  readonly filter: AuditFilter;
  readonly connections: readonly string[];
  readonly onChange: (filter: AuditFilter) => void;
}) {
  const { filter, onChange } = props;
  const set = (key: 'connection' | 'client' | 'method', value: string) =>
    onChange({ ...filter, [key]: value === '' ? undefined : value });
  return (
    <div className="toolbar sticky" role="search" aria-label="Filter activity">
      <label className="check">
        <input
          type="checkbox"
          checked={filter.errorsOnly === true}
          onChange={(event) => onChange({ ...filter, errorsOnly: event.target.checked ? true : undefined })}
        />
        Errors only
      </label>
      <label>
        Connection{' '}
        <select value={filter.connection ?? ''} onChange={(event) => set('connection', event.target.value)}>
          <option value="">Any</option>
          {props.connections.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Client{' '}
        <input
          value={filter.client ?? ''}
          placeholder="Any"
          size={9}
          onChange={(event) => set('client', event.target.value.trim())}
        />
      </label>
      <label>
        Method{' '}
        <select value={filter.method ?? ''} onChange={(event) => set('method', event.target.value)}>
          <option value="">Any</option>
          {METHODS.map((method) => (
            <option key={method} value={method}>
              {method}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status{' '}
        <input
          type="number"
          min={100}
          max={599}
          placeholder="Any"
          value={filter.status ?? ''}
          onChange={(event) =>
            onChange({ ...filter, status: event.target.value === '' ? undefined : Number(event.target.value) })
          }
        />
      </label>
    </div>
  );
}
