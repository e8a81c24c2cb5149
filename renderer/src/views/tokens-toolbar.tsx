import type { ShowFilter, TokenSortKey } from '../tokens/token-order.js';

export interface TokenListOptions {
  readonly query: string;
  readonly show: ShowFilter;
  readonly sort: TokenSortKey;
}

/** Filter and sort; it stays at the top of the window while the list scrolls. */
export function TokensToolbar(props: {
  readonly options: TokenListOptions;
  readonly onChange: (options: TokenListOptions) => void;
}) {
  const { options, onChange } = props;
  return (
    <div className="toolbar sticky" role="search" aria-label="Filter tokens">
      <input
        type="search"
        aria-label="Filter tokens by name, provider or host"
        placeholder="Filter by name, provider or host"
        value={options.query}
        onChange={(event) => onChange({ ...options, query: event.target.value })}
      />
      <label>
        Show{' '}
        <select
          value={options.show}
          onChange={(event) => onChange({ ...options, show: event.target.value as ShowFilter })}
        >
          <option value="all">All</option>
          <option value="attention">Needs attention</option>
          <option value="critical">Critical only</option>
          <option value="ok">Fine</option>
        </select>
      </label>
      <label>
        Sort by{' '}
        <select
          value={options.sort}
          onChange={(event) => onChange({ ...options, sort: event.target.value as TokenSortKey })}
        >
          <option value="attention">Needs attention</option>
          <option value="name">Name</option>
          <option value="expiry">Expiry (soonest first)</option>
          <option value="last-used">Last used</option>
          <option value="quota">Quota used</option>
        </select>
      </label>
    </div>
  );
}
