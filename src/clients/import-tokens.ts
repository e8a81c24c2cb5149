/**
 * `keyport import`: finds tokens hardcoded in client configs, moves each into the keychain as a
 * connection (one connection per distinct upstream + token, even when several clients hold it),
 * then rewrites each entry in place — same entry name — to go through Keyport. Tokens are added
 * before any config is rewritten, so a failure never leaves an entry pointing at nothing.
 * The backup of a rewritten file still holds the old token (it is the user's original file):
 * it is written 0600 into the data folder's backups (0700), never next to a project file.
 */
import type { ImportCandidate } from '../contract/dto.js';
import { detectTokenFormat, providerFor } from '../tokens/token-formats.js';
import { maskToken } from '../tokens/mask-token.js';
import { CLIENT_IDS, CLIENT_TABLE, type ClientRow } from './client-table.js';
import { backupDir, rowFor, type ClientServiceDeps } from './client-service.js';
import { ensureClientKey } from './client-key-file.js';
import { applyPlan, planChanges, type AppliedPlan } from './config-plan.js';
import { resolveConfigPath } from './config-path.js';
import { readTextIfExists } from './config-write.js';
import { buildEntry } from './entry-shape.js';
import { scanConfig, type FoundToken } from './import-scan.js';

export interface ImportItem {
  readonly found: FoundToken;
  /** The connection the token becomes (shared by items holding the same url + token). */
  readonly name: string;
  /** False when an earlier item in the list already creates this connection. */
  readonly creates: boolean;
  readonly candidate: ImportCandidate;
}

/** The rows to scan: the named clients (all when none), user scope — or project scope in `projectDir`. */
function rowsFor(clients: readonly string[], projectDir: string | undefined): ClientRow[] {
  if (clients.length > 0) {
    return clients.map((client) => rowFor({ client, ...(projectDir === undefined ? {} : { projectDir }) }));
  }
  const scope = projectDir === undefined ? 'user' : 'project';
  return CLIENT_IDS.flatMap((id) => CLIENT_TABLE.filter((row) => row.id === id && row.scope === scope));
}

export async function scanClients(
  deps: ClientServiceDeps,
  options: { readonly clients: readonly string[]; readonly projectDir?: string },
): Promise<FoundToken[]> {
  const found: FoundToken[] = [];
  for (const row of rowsFor(options.clients, options.projectDir)) {
    const configPath = resolveConfigPath(row, deps.host, options.projectDir);
    const text = await readTextIfExists(configPath);
    if (text !== null) found.push(...scanConfig(row, configPath, text));
  }
  return found;
}

/** Names each found token: the entry's slug, made unique against existing connections. */
export function planImport(found: readonly FoundToken[], existingNames: readonly string[]): ImportItem[] {
  const taken = new Set(existingNames);
  const byToken = new Map<string, string>();
  return found.map((item) => {
    const identity = `${item.url}\u0000${item.token}`;
    const reused = byToken.get(identity);
    let name = reused;
    if (name === undefined) {
      name = item.suggestedName;
      for (let n = 2; taken.has(name); n += 1) name = `${item.suggestedName.slice(0, 60)}-${n}`;
      taken.add(name);
      byToken.set(identity, name);
    }
    const candidate: ImportCandidate = {
      client: item.row.id,
      configPath: item.configPath,
      entry: item.entry,
      masked: maskToken(item.token),
      url: item.url,
      provider: providerFor(detectTokenFormat(item.token), item.url),
      suggestedName: name,
    };
    return { found: item, name, creates: reused === undefined, candidate };
  });
}

export interface ImportDeps extends ClientServiceDeps {
  /** Stores the token in the keychain as a connection (the token service's `add`). */
  addConnection(input: { readonly name: string; readonly url: string; readonly token: string }): Promise<unknown>;
}

export async function applyImport(
  deps: ImportDeps,
  items: readonly ImportItem[],
  options: { readonly port: number },
): Promise<AppliedPlan[]> {
  for (const item of items) {
    if (item.creates) await deps.addConnection({ name: item.name, url: item.found.url, token: item.found.token });
  }
  const byFile = new Map<string, ImportItem[]>();
  for (const item of items) byFile.set(item.found.configPath, [...(byFile.get(item.found.configPath) ?? []), item]);
  const results: AppliedPlan[] = [];
  for (const [configPath, fileItems] of byFile) {
    const row = fileItems[0]?.found.row;
    if (row === undefined) continue;
    const { key } = await ensureClientKey({ ...deps.context, client: row.id });
    const changes = fileItems.map((item) => ({
      key: item.found.entry,
      value: buildEntry(row.shape, { name: item.name, port: options.port, key, launcher: deps.launcher }),
    }));
    const before = await readTextIfExists(configPath);
    const plan = planChanges({ row, configPath, before, changes });
    results.push(await applyPlan(plan, { backupDir: backupDir(deps.context.dataDir), at: deps.context.clock.now() }));
  }
  return results;
}
