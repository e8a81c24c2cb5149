/**
 * Connect and disconnect a client: pick its table row, resolve the config path, reuse its local
 * key (or, on write only, make one), plan the edit, and (when asked) write it. A preview changes
 * nothing. Shared by the CLI and the app.
 */
import path from 'node:path';
import type { CoreContext } from '../core/context.js';
import { KeyportError } from '../errors.js';
import { findClientRow, isClientId, CLIENT_IDS, type ClientRow } from './client-table.js';
import { ensureClientKey, existingClientKey } from './client-key-file.js';
import { applyPlan, planConnect, planDisconnect, type AppliedPlan, type ConfigPlan } from './config-plan.js';
import { resolveConfigPath, type HostEnvironment } from './config-path.js';
import { readTextIfExists } from './config-write.js';
import type { BridgeLauncher } from './entry-shape.js';
import { ownEntry } from '../store/own-entry.js';

export interface ClientServiceDeps {
  readonly context: Pick<CoreContext, 'dataDir' | 'metadata' | 'clock'>;
  readonly host: HostEnvironment;
  readonly launcher: BridgeLauncher;
}

export interface ClientTarget {
  readonly client: string;
  /** Given → the client's project-scope file in that folder; otherwise its user-scope file. */
  readonly projectDir?: string;
}

export function backupDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

export function rowFor(target: ClientTarget): ClientRow {
  if (!isClientId(target.client)) {
    throw new KeyportError('INVALID_INPUT', `Unknown client "${target.client}"; use one of: ${CLIENT_IDS.join(', ')}.`);
  }
  const scope = target.projectDir === undefined ? 'user' : 'project';
  const row = findClientRow(target.client, scope);
  if (row === undefined) {
    throw new KeyportError('INVALID_INPUT', `${target.client} has no ${scope}-scope config; drop --project.`);
  }
  return row;
}

/** The names to connect: the given ones (each must be a connection), or every connection. */
function connectionNames(deps: ClientServiceDeps, names: readonly string[]): string[] {
  const known = Object.keys(deps.context.metadata.read().connections).sort();
  if (names.length === 0) {
    if (known.length === 0)
      throw new KeyportError('NOT_FOUND', 'There are no connections yet; add one with `keyport add`.');
    return known;
  }
  for (const name of names) {
    if (!known.includes(name)) {
      throw new KeyportError('NOT_FOUND', `There is no connection named "${name}"; see \`keyport list\`.`);
    }
  }
  return [...new Set(names)];
}

export interface ConnectOutcome {
  readonly plan: ConfigPlan;
  /** Null when only printed, or when nothing changed. */
  readonly applied: AppliedPlan | null;
  /**
   * `created`: --write made a new local key; `pending`: a preview, and --write will make one (the
   * snippet shows PREVIEW_KEY); null: the client's existing key is used.
   */
  readonly newKey: 'created' | 'pending' | null;
  /** The client has a key Keyport does not keep (made by `keyport client add`): a new one replaces it. */
  readonly replacesKey: boolean;
}

/** What a preview shows where --write would put a new local key: a preview changes nothing. */
export const PREVIEW_KEY = 'kpk_<a new key, made when the config is written>';

export async function connectClient(
  deps: ClientServiceDeps,
  options: ClientTarget & { readonly names: readonly string[]; readonly port: number; readonly write: boolean },
): Promise<ConnectOutcome> {
  const row = rowFor(options);
  const names = connectionNames(deps, options.names);
  const configPath = resolveConfigPath(row, deps.host, options.projectDir);
  const before = await readTextIfExists(configPath);
  const existing = await existingClientKey({ ...deps.context, client: row.id });
  const replacesKey = existing === null && ownEntry(deps.context.metadata.read().clients, row.id) !== undefined;
  const key =
    existing ?? (options.write ? (await ensureClientKey({ ...deps.context, client: row.id })).key : PREVIEW_KEY);
  const plan = planConnect({ row, configPath, before, names, port: options.port, key, launcher: deps.launcher });
  const applied = options.write ? await write(deps, plan) : null;
  const newKey = existing !== null ? null : options.write ? 'created' : 'pending';
  return { plan, applied, newKey, replacesKey };
}

export async function disconnectClient(
  deps: ClientServiceDeps,
  options: ClientTarget & { readonly names: readonly string[]; readonly write: boolean },
): Promise<ConnectOutcome> {
  const row = rowFor(options);
  const configPath = resolveConfigPath(row, deps.host, options.projectDir);
  const before = await readTextIfExists(configPath);
  const plan = planDisconnect({ row, configPath, before, names: options.names });
  const applied = options.write ? await write(deps, plan) : null;
  return { plan, applied, newKey: null, replacesKey: false };
}

function write(deps: ClientServiceDeps, plan: ConfigPlan): Promise<AppliedPlan> {
  return applyPlan(plan, { backupDir: backupDir(deps.context.dataDir), at: deps.context.clock.now() });
}
