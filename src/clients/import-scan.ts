/**
 * Finds bearer tokens hardcoded in a client config: an entry's `headers.Authorization`, and
 * the `--header "Authorization: Bearer …"` argument of an mcp-remote-style bridge command
 * (with `${VAR}` taken from the entry's `env`, the pattern mcp-remote documents). Entries
 * Keyport wrote, local keys, and values that are variable references are skipped.
 * The result carries the secret, for the importer only: faces show `masked`.
 */
import { bearerOf, looksLikeClientKey } from '../proxy/client-keys.js';
import type { ClientRow } from './client-table.js';
import { parseConfig } from './config-document.js';
import { entryAuthorization, entryUrl, isJsonObject, keyportConnectionOf, type JsonObject } from './entry-shape.js';

export type TokenLocation = 'headers' | 'args' | 'env';

export interface FoundToken {
  readonly row: ClientRow;
  readonly configPath: string;
  /** The entry's key in the servers object. */
  readonly entry: string;
  readonly location: TokenLocation;
  /** The upstream MCP endpoint the token is sent to. */
  readonly url: string;
  readonly token: string;
  /** A connection name derived from the entry's key. */
  readonly suggestedName: string;
}

const REFERENCE = /\$\{[^}]*\}/;

export function connectionNameFrom(entry: string): string {
  const slug = entry
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
  return slug === '' ? 'imported' : slug;
}

function hardcodedBearer(value: string | undefined): string | undefined {
  const token = bearerOf(value);
  if (token === undefined || REFERENCE.test(token) || looksLikeClientKey(token)) return undefined;
  return token;
}

/** `--header "Authorization: Bearer …"` (or `--header=…`) in an mcp-remote-style command. */
function fromArgs(entry: JsonObject): { url: string; token: string; location: TokenLocation } | undefined {
  const args = Array.isArray(entry.args) ? entry.args.filter((arg): arg is string => typeof arg === 'string') : [];
  const url = args.find((arg) => /^https?:\/\//.test(arg));
  if (url === undefined) return undefined;
  const env = isJsonObject(entry.env) ? entry.env : {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const header = arg === '--header' ? args[i + 1] : arg.startsWith('--header=') ? arg.slice(9) : undefined;
    if (header === undefined) continue;
    const colon = header.indexOf(':');
    if (colon < 0 || header.slice(0, colon).trim().toLowerCase() !== 'authorization') continue;
    const raw = header.slice(colon + 1).trim();
    let usedEnv = false;
    const value = raw.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
      const substituted = env[name];
      if (typeof substituted !== 'string') return whole;
      usedEnv = true;
      return substituted;
    });
    const token = hardcodedBearer(value);
    if (token !== undefined) return { url, token, location: usedEnv ? 'env' : 'args' };
  }
  return undefined;
}

export function scanConfig(row: ClientRow, configPath: string, text: string | null): FoundToken[] {
  const { servers } = parseConfig(text, row, configPath);
  const found: FoundToken[] = [];
  for (const [key, entry] of Object.entries(servers)) {
    if (!isJsonObject(entry) || keyportConnectionOf(entry) !== undefined) continue;
    const url = entryUrl(entry);
    const token = url === undefined ? undefined : hardcodedBearer(entryAuthorization(entry));
    const hit =
      url !== undefined && token !== undefined ? { url, token, location: 'headers' as const } : fromArgs(entry);
    if (hit === undefined) continue;
    found.push({ row, configPath, entry: key, ...hit, suggestedName: connectionNameFrom(key) });
  }
  return found;
}
