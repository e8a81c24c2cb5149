/**
 * The MCP clients Keyport can connect: one row per client and scope, as data. Each row names
 * where the config lives on each OS, the JSON shape of an entry, whether the file may hold
 * comments, and the documentation page the row was checked against (`source`).
 */

export type ClientId = 'claude-desktop' | 'cursor' | 'vscode' | 'claude-code' | 'windsurf';
export type ClientScope = 'user' | 'project';
export type ClientPlatform = 'darwin' | 'win32' | 'linux';

/**
 * Where a path starts: the home folder, the OS application-data folder (macOS
 * `~/Library/Application Support`, Windows `%APPDATA%`, Linux `$XDG_CONFIG_HOME` or `~/.config`),
 * or the project folder given with `--project`.
 */
export type PathBase = 'home' | 'appData' | 'project';

export interface PathTemplate {
  readonly base: PathBase;
  readonly segments: readonly string[];
}

/**
 * How one entry looks:
 * - `url-headers`: `{ "url", "headers" }` (Cursor)
 * - `typed-http`: `{ "type": "http", "url", "headers" }` (VS Code, Claude Code)
 * - `server-url`: `{ "serverUrl", "headers" }` (Windsurf)
 * - `stdio-bridge`: `{ "command", "args" }` running `keyport bridge <name>` (stdio-only clients)
 */
export type EntryShape = 'url-headers' | 'typed-http' | 'server-url' | 'stdio-bridge';

export interface ClientRow {
  readonly id: ClientId;
  readonly label: string;
  readonly scope: ClientScope;
  readonly paths: Readonly<Record<ClientPlatform, PathTemplate>>;
  /** The top-level key that maps entry names to entries. */
  readonly serversKey: 'mcpServers' | 'servers';
  readonly shape: EntryShape;
  /** The client reads JSON with comments (JSONC); otherwise the file must stay strict JSON. */
  readonly allowsComments: boolean;
  /** The documentation page this row was checked against. */
  readonly source: string;
}

const everywhere = (base: PathBase, ...segments: string[]): Readonly<Record<ClientPlatform, PathTemplate>> => ({
  darwin: { base, segments },
  win32: { base, segments },
  linux: { base, segments },
});

export const CLIENT_TABLE: readonly ClientRow[] = [
  {
    id: 'claude-desktop',
    label: 'Claude Desktop',
    scope: 'user',
    paths: {
      darwin: { base: 'appData', segments: ['Claude', 'claude_desktop_config.json'] },
      win32: { base: 'appData', segments: ['Claude', 'claude_desktop_config.json'] },
      linux: { base: 'appData', segments: ['Claude', 'claude_desktop_config.json'] },
    },
    serversKey: 'mcpServers',
    shape: 'stdio-bridge',
    allowsComments: false,
    source: 'https://modelcontextprotocol.io/quickstart/user',
  },
  {
    id: 'cursor',
    label: 'Cursor',
    scope: 'user',
    paths: everywhere('home', '.cursor', 'mcp.json'),
    serversKey: 'mcpServers',
    shape: 'url-headers',
    allowsComments: false,
    source: 'https://cursor.com/docs/context/mcp',
  },
  {
    id: 'cursor',
    label: 'Cursor',
    scope: 'project',
    paths: everywhere('project', '.cursor', 'mcp.json'),
    serversKey: 'mcpServers',
    shape: 'url-headers',
    allowsComments: false,
    source: 'https://cursor.com/docs/context/mcp',
  },
  {
    id: 'vscode',
    label: 'VS Code',
    scope: 'user',
    paths: {
      darwin: { base: 'appData', segments: ['Code', 'User', 'mcp.json'] },
      win32: { base: 'appData', segments: ['Code', 'User', 'mcp.json'] },
      linux: { base: 'appData', segments: ['Code', 'User', 'mcp.json'] },
    },
    serversKey: 'servers',
    shape: 'typed-http',
    allowsComments: true,
    source: 'https://code.visualstudio.com/docs/copilot/reference/mcp-configuration',
  },
  {
    id: 'vscode',
    label: 'VS Code',
    scope: 'project',
    paths: everywhere('project', '.vscode', 'mcp.json'),
    serversKey: 'servers',
    shape: 'typed-http',
    allowsComments: true,
    source: 'https://code.visualstudio.com/docs/copilot/reference/mcp-configuration',
  },
  {
    id: 'claude-code',
    label: 'Claude Code',
    scope: 'user',
    paths: everywhere('home', '.claude.json'),
    serversKey: 'mcpServers',
    shape: 'typed-http',
    allowsComments: false,
    source: 'https://code.claude.com/docs/en/mcp',
  },
  {
    id: 'claude-code',
    label: 'Claude Code',
    scope: 'project',
    paths: everywhere('project', '.mcp.json'),
    serversKey: 'mcpServers',
    shape: 'typed-http',
    allowsComments: false,
    source: 'https://code.claude.com/docs/en/mcp',
  },
  {
    id: 'windsurf',
    label: 'Windsurf',
    scope: 'user',
    paths: everywhere('home', '.codeium', 'windsurf', 'mcp_config.json'),
    serversKey: 'mcpServers',
    shape: 'server-url',
    allowsComments: false,
    source: 'https://docs.windsurf.com/windsurf/cascade/mcp',
  },
];

export const CLIENT_IDS: readonly ClientId[] = ['claude-desktop', 'cursor', 'vscode', 'claude-code', 'windsurf'];

export function isClientId(value: string): value is ClientId {
  return (CLIENT_IDS as readonly string[]).includes(value);
}

/** The row for a client and scope, or undefined when the client has no such scope. */
export function findClientRow(id: ClientId, scope: ClientScope): ClientRow | undefined {
  return CLIENT_TABLE.find((row) => row.id === id && row.scope === scope);
}

/** A client's name for people ("VS Code"), from its id; the id itself when unknown. */
export function clientLabel(id: string): string {
  return CLIENT_TABLE.find((row) => row.id === id)?.label ?? id;
}
