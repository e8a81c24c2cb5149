import type { StatusFilter, TokenSortKey } from '../tokens/token-order.js';

export interface TokenListOptions {
  readonly query: string;
  readonly status: StatusFilter;
  readonly sort: TokenSortKey;
}

export function TokensToolbar(props: {
  readonly options: TokenListOptions;
  readonly onChange: (options: TokenListOptions) => void;
}) {
  const { options, onChange } = props;
  return (
    <div className="toolbar" role="search">
      <input
        type="search"
        aria-label="Filter tokens"
        placeholder="Filter by name, provider or host"
        value={options.query}
        onChange={(event) => onChange({ ...options, query: event.target.value })}
      />
      <label>
        Status{' '}
        <select
          value={options.status}
          onChange={(event) => onChange({ ...options, status: event.target.value as StatusFilter })}
        >
          <option value="all">All</option>
          <option value="ok">Active</option>
          <option value="expiring">Expiring</option>
          <option value="expired">Expired</option>
          <option value="rejected">Rejected</option>
          <option value="paused">Paused</option>
        </select>
      </label>
      <label>
        Sort by{' '}
        <select
          value={options.sort}
          onChange={(event) => onChange({ ...options, sort: event.target.value as TokenSortKey })}
        >
          <option value="name">Name</option>
          <option value="expiry">Expiry (soonest first)</option>
          <option value="last-used">Last used</option>
          <option value="quota">Quota used</option>
        </select>
      </label>
    </div>
  );
}
