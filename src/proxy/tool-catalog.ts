/**
 * What the proxy knows about each connection's tools for read-only rules: a tool's `readOnlyHint`
 * as the last `tools/list` answer through the proxy said it, else as the cached list of `keyport
 * tools` said it (read once per connection after each metadata change, never per request). A
 * `tools/call` of a tool known neither way is not read-only (the rule fails closed). What is known
 * belongs to a connection's upstream URL: a new URL starts from nothing. Bounded.
 */

/** Tools remembered per connection; past it, new names are not learned (they stay unknown). */
export const MAX_KNOWN_TOOLS = 10_000;
/** Longer names are not remembered (they stay unknown). */
const MAX_NAME_LENGTH = 1024;

/** A connection as the catalog tells them apart: its name and its upstream URL. */
export interface CatalogConnection {
  readonly name: string;
  readonly url: string;
}

export interface ToolCatalog {
  /** The tool's readOnlyHint (true/false), or undefined when no list named it. */
  readOnly(connection: CatalogConnection, tool: string): boolean | undefined;
  /** A listed tool, as an answer through the proxy showed it. */
  learn(connection: CatalogConnection, tool: string, readOnly: boolean): void;
  /** The metadata changed: cached lists are read again on the next miss; other connections are forgotten. */
  metadataChanged(connections: Iterable<CatalogConnection>): void;
}

export interface ToolCatalogOptions {
  /** The cached list of a connection (name → readOnlyHint), or undefined when there is none. */
  readonly loadCached: (connection: CatalogConnection) => Iterable<readonly [string, boolean]> | undefined;
}

const keyOf = (connection: CatalogConnection) => `${connection.name} ${connection.url}`;

export function createToolCatalog(options: ToolCatalogOptions): ToolCatalog {
  const known = new Map<string, Map<string, boolean>>();
  /** Connections whose cached list was read since the last metadata change. */
  const seeded = new Set<string>();

  const toolsOf = (key: string): Map<string, boolean> => {
    let tools = known.get(key);
    if (tools === undefined) {
      tools = new Map();
      known.set(key, tools);
    }
    return tools;
  };
  const remember = (tools: Map<string, boolean>, tool: string, readOnly: boolean, replace: boolean) => {
    if (tool.length > MAX_NAME_LENGTH || (!replace && tools.has(tool))) return;
    if (!tools.has(tool) && tools.size >= MAX_KNOWN_TOOLS) return;
    tools.set(tool, readOnly);
  };

  return {
    readOnly(connection, tool) {
      const key = keyOf(connection);
      const found = known.get(key)?.get(tool);
      if (found !== undefined || seeded.has(key)) return found;
      seeded.add(key);
      const cached = options.loadCached(connection);
      if (cached === undefined) return undefined;
      const tools = toolsOf(key);
      for (const [name, readOnly] of cached) remember(tools, name, readOnly, false);
      return tools.get(tool);
    },
    learn(connection, tool, readOnly) {
      remember(toolsOf(keyOf(connection)), tool, readOnly, true);
    },
    metadataChanged(connections) {
      seeded.clear();
      const current = new Set([...connections].map(keyOf));
      for (const key of known.keys()) if (!current.has(key)) known.delete(key);
    },
  };
}
