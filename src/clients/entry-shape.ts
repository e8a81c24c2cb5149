/**
 * Builds the entry Keyport writes for each shape, and recognises entries Keyport wrote.
 * Keyport's entries are named after the connection and recognised by what they point at:
 * a loopback URL `/<name>/mcp` carrying a local key (`kpk_…`), or a command running
 * `keyport bridge <name>`. Recognition never depends on the entry's name, so an entry the
 * importer rewrote in place (keeping the user's name) is still Keyport's.
 */
import { looksLikeClientKey, bearerOf } from '../proxy/client-keys.js';
import type { EntryShape } from './client-table.js';
import { APP_CLI_FLAG } from './launcher.js';

/** What runs the Keyport CLI without a shell PATH (Claude Desktop starts commands bare); see launcher.ts. */
export interface BridgeLauncher {
  /** An absolute binary: node, or the Keyport app binary. */
  readonly command: string;
  /** The arguments before `bridge <name>`: the built CLI script, or the app's `--keyport-cli`. */
  readonly args: readonly string[];
}

export interface EntryInput {
  readonly name: string;
  readonly port: number;
  readonly key: string;
  readonly launcher: BridgeLauncher;
}

export type JsonObject = Record<string, unknown>;

export function keyportUrl(port: number, name: string): string {
  return `http://127.0.0.1:${port}/${name}/mcp`;
}

export function buildEntry(shape: EntryShape, input: EntryInput): JsonObject {
  const url = keyportUrl(input.port, input.name);
  const headers = { Authorization: `Bearer ${input.key}` };
  switch (shape) {
    case 'url-headers':
      return { url, headers };
    case 'typed-http':
      return { type: 'http', url, headers };
    case 'server-url':
      return { serverUrl: url, headers };
    case 'stdio-bridge':
      return { command: input.launcher.command, args: [...input.launcher.args, 'bridge', input.name] };
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const ROUTE = /^\/([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)\/mcp$/;

/** The URL an entry points at (`url` or Windsurf's `serverUrl`), if any. */
export function entryUrl(entry: JsonObject): string | undefined {
  const value = entry.url ?? entry.serverUrl;
  return typeof value === 'string' ? value : undefined;
}

/** The value of an entry's Authorization header (any letter case), if any. */
export function entryAuthorization(entry: JsonObject): string | undefined {
  if (!isJsonObject(entry.headers)) return undefined;
  for (const [header, value] of Object.entries(entry.headers)) {
    if (header.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  }
  return undefined;
}

function routeOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' || !LOOPBACK_HOSTS.has(parsed.hostname)) return undefined;
  return ROUTE.exec(parsed.pathname)?.[1];
}

/** The CLI script (`…/keyport.js`), a `keyport` binary, the app binary (`Keyport`, `Keyport.exe`) or its CLI flag. */
function isKeyportCli(path: unknown): boolean {
  return typeof path === 'string' && (path === APP_CLI_FLAG || /(^|[\\/])keyport(\.js|\.exe)?$/i.test(path));
}

/** The connection name when `entry` is one Keyport wrote (or rewrote), otherwise undefined. */
export function keyportConnectionOf(entry: unknown): string | undefined {
  if (!isJsonObject(entry)) return undefined;
  const url = entryUrl(entry);
  if (url !== undefined) {
    const key = bearerOf(entryAuthorization(entry));
    return key !== undefined && looksLikeClientKey(key) ? routeOf(url) : undefined;
  }
  const args = entry.args;
  if (!Array.isArray(args) || args.length < 2) return undefined;
  const [name, verb] = [args[args.length - 1], args[args.length - 2]];
  if (verb !== 'bridge' || typeof name !== 'string') return undefined;
  const runsKeyport = isKeyportCli(entry.command) || (args.length >= 3 && isKeyportCli(args[args.length - 3]));
  return runsKeyport ? name : undefined;
}
