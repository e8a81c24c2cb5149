/**
 * The proxy's request targets: `/<name>/mcp` (the connection's MCP endpoint) and, for the legacy
 * HTTP+SSE transport, `/<name>/path/<upstream path>` — without dot segments or encoded
 * separators, which could step outside the upstream's path.
 */
export interface ProxyPath {
  readonly name: string;
  /** Upstream path for `/<name>/path/...`; undefined for the MCP endpoint itself. */
  readonly subpath: string | undefined;
  readonly query: string;
}

const DOT_SEGMENT = /%2f|%5c|\\|(^|\/)(\.|%2e){1,2}(\/|$)/i;

export function parseProxyPath(url: string): ProxyPath | undefined {
  if (url.includes('/.well-known/')) return undefined;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const slash = path.indexOf('/', 1);
  if (slash <= 1) return undefined;
  const name = path.slice(1, slash);
  const rest = path.slice(slash);
  if (rest === '/mcp') return { name, subpath: undefined, query };
  if (rest.startsWith('/path/') && !DOT_SEGMENT.test(rest)) return { name, subpath: rest.slice(5), query };
  return undefined;
}
