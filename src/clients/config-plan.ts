/**
 * What `connect`, `disconnect` and `import` do to one config file, as a plan: the text before
 * and after, a snippet and a diff to show (local keys and hardcoded tokens masked in the diff) —
 * then `applyPlan` writes it (backup first, atomic replace). A plan whose text does not change
 * writes nothing, so re-running a command makes no new backup.
 */
import { createTwoFilesPatch } from 'diff';
import { KeyportError } from '../errors.js';
import { maskClientKey } from '../proxy/client-keys.js';
import { MASK, maskToken } from '../tokens/mask-token.js';
import { TOKEN_FORMATS } from '../tokens/token-formats.js';
import type { ClientRow } from './client-table.js';
import { editEntries, parseConfig, type EntryChange } from './config-document.js';
import { readTextIfExists, writeBackup, writeFileAtomic } from './config-write.js';
import { buildEntry, keyportConnectionOf, type BridgeLauncher, type JsonObject } from './entry-shape.js';

export interface ConfigPlan {
  readonly row: ClientRow;
  readonly configPath: string;
  readonly before: string | null;
  readonly after: string;
  readonly changed: boolean;
  /** The entries as the user would paste them (`{ "<serversKey>": { … } }`); holds the local key. */
  readonly snippet: string;
  /** Unified diff from the current file to the new one, local keys and hardcoded tokens masked. */
  readonly diff: string;
}

const KEY_IN_TEXT = /kpk_[A-Za-z0-9_-]{43}/g;
/** A bearer value (not a `${VAR}` reference) and any token of a known format, wherever they stand. */
const TOKEN_IN_TEXT = new RegExp(
  [
    String.raw`(?<=bearer\s+)(?!\$\{)[^\s"'\\,]{8,}`,
    ...TOKEN_FORMATS.map((format) => String.raw`(?<![A-Za-z0-9_])${format.prefix}[A-Za-z0-9_-]{8,}`),
  ].join('|'),
  'gi',
);

export function maskLocalKeys(text: string): string {
  return text.replace(KEY_IN_TEXT, (key) => maskClientKey(key));
}

/** Local keys and the tokens other entries hardcode (the file Keyport diffs against may hold them). */
function maskSecrets(text: string): string {
  return maskLocalKeys(text).replace(TOKEN_IN_TEXT, (token) => (token.includes(MASK) ? token : maskToken(token)));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function planChanges(options: {
  readonly row: ClientRow;
  readonly configPath: string;
  readonly before: string | null;
  readonly changes: readonly EntryChange[];
}): ConfigPlan {
  const { row, configPath, before } = options;
  const { servers } = parseConfig(before, row, configPath);
  const effective = options.changes.filter((change) => !sameJson(servers[change.key], change.value));
  const after = effective.length === 0 && before !== null ? before : editEntries(before, row, effective);
  const shown: Record<string, JsonObject> = {};
  for (const change of options.changes) if (change.value !== undefined) shown[change.key] = change.value;
  const snippet = `${JSON.stringify({ [row.serversKey]: shown }, null, 2)}\n`;
  const diff = createTwoFilesPatch(configPath, configPath, maskSecrets(before ?? ''), maskSecrets(after), '', '', {
    context: 3,
  });
  return { row, configPath, before, after, changed: before !== after, snippet, diff };
}

export function planConnect(options: {
  readonly row: ClientRow;
  readonly configPath: string;
  readonly before: string | null;
  readonly names: readonly string[];
  readonly port: number;
  readonly key: string;
  readonly launcher: BridgeLauncher;
}): ConfigPlan {
  const { servers } = parseConfig(options.before, options.row, options.configPath);
  const changes = options.names.map((name): EntryChange => {
    const existing = servers[name];
    if (existing !== undefined && keyportConnectionOf(existing) !== name) {
      throw new KeyportError(
        'CLIENT_CONFIG',
        `${options.configPath} already has an entry "${name}" that Keyport did not write; rename or remove it, or run \`keyport import ${options.row.id}\` to move its token into Keyport.`,
      );
    }
    return { key: name, value: buildEntry(options.row.shape, { ...options, name }) };
  });
  return planChanges({ ...options, changes });
}

/** Removes Keyport's entries for `names` (every Keyport entry when `names` is empty), whatever their key. */
export function planDisconnect(options: {
  readonly row: ClientRow;
  readonly configPath: string;
  readonly before: string | null;
  readonly names: readonly string[];
}): ConfigPlan {
  const { servers } = parseConfig(options.before, options.row, options.configPath);
  const changes: EntryChange[] = [];
  for (const [key, entry] of Object.entries(servers)) {
    const connection = keyportConnectionOf(entry);
    if (connection === undefined) continue;
    if (options.names.length === 0 || options.names.includes(connection)) changes.push({ key, value: undefined });
  }
  return planChanges({ ...options, changes });
}

export interface AppliedPlan {
  readonly configPath: string;
  readonly backupPath: string | null;
  readonly changed: boolean;
}

/** Writes a plan: backup of the current file (if any) into `backupDir`, then an atomic replace. */
export async function applyPlan(plan: ConfigPlan, options: { readonly backupDir: string; readonly at: Date }) {
  if (!plan.changed) return { configPath: plan.configPath, backupPath: null, changed: false } satisfies AppliedPlan;
  const current = await readTextIfExists(plan.configPath);
  if (current !== plan.before) {
    throw new KeyportError(
      'CLIENT_CONFIG',
      `${plan.configPath} changed while Keyport was editing it; run the command again.`,
    );
  }
  const backupPath =
    plan.before === null
      ? null
      : await writeBackup({
          backupDir: options.backupDir,
          configPath: plan.configPath,
          label: `${plan.row.id}-${plan.row.scope}`,
          text: plan.before,
          at: options.at,
        });
  await writeFileAtomic(plan.configPath, plan.after);
  return { configPath: plan.configPath, backupPath, changed: true } satisfies AppliedPlan;
}
