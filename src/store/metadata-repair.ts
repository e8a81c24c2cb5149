/**
 * Reading a hand-edited metadata.json leniently: one bad setting must not cost the user every
 * connection. Before the schema check, each setting that is missing takes its default silently (a
 * newer Keyport may have added it) and each invalid one takes its default with a warning naming it;
 * an account or client entry that cannot be read is dropped with a warning. Connections are not
 * repaired: a file whose connections cannot be read (or that is not JSON) is still moved aside.
 */
import type { JsonObject } from './migrations.js';
import { isJsonObject } from './migrations.js';
import { AccountSchema, ClientKeySchema, DEFAULT_SETTINGS, INSTALL_ID_PATTERN, SettingsSchema } from './schema.js';

export interface MetadataRepair {
  readonly document: JsonObject;
  /** One line per problem fixed, for a warning; empty when the file was fine. */
  readonly problems: readonly string[];
}

const shown = (value: unknown): string => (JSON.stringify(value) ?? String(value)).slice(0, 60);

function repairSettings(raw: unknown, problems: string[]): JsonObject {
  if (!isJsonObject(raw)) {
    if (raw !== undefined) problems.push('"settings" is not an object; every setting uses its default');
    return { ...DEFAULT_SETTINGS };
  }
  const settings: JsonObject = { ...raw };
  for (const [key, schema] of Object.entries(SettingsSchema.shape)) {
    const fallback = DEFAULT_SETTINGS[key as keyof typeof DEFAULT_SETTINGS];
    if (!(key in raw)) {
      settings[key] = fallback;
      continue;
    }
    const checked = schema.safeParse(raw[key]);
    if (!checked.success) {
      problems.push(
        `setting "${key}" is invalid (${shown(raw[key])}: ${checked.error.issues[0]?.message ?? 'invalid'}); ` +
          `using the default ${shown(fallback)} — fix it with \`keyport config set ${key} <value>\``,
      );
      settings[key] = fallback;
    }
  }
  return settings;
}

function repairEntries(
  what: 'accounts' | 'clients',
  raw: unknown,
  schema: typeof AccountSchema | typeof ClientKeySchema,
  problems: string[],
): JsonObject {
  if (!isJsonObject(raw)) {
    if (raw !== undefined) problems.push(`"${what}" is not an object; it is read as empty`);
    return {};
  }
  const kept: JsonObject = {};
  for (const [name, entry] of Object.entries(raw)) {
    const checked = schema.safeParse(entry);
    if (checked.success && checked.data.name === name) kept[name] = entry;
    else
      problems.push(
        `${what === 'accounts' ? 'account' : 'client'} "${name.slice(0, 64)}" cannot be read; it is left out`,
      );
  }
  return kept;
}

export function repairMetadata(document: JsonObject): MetadataRepair {
  const problems: string[] = [];
  const repaired: JsonObject = {
    ...document,
    settings: repairSettings(document.settings, problems),
    accounts: repairEntries('accounts', document.accounts, AccountSchema, problems),
    clients: repairEntries('clients', document.clients, ClientKeySchema, problems),
  };
  if (
    'installId' in document &&
    !(typeof document.installId === 'string' && INSTALL_ID_PATTERN.test(document.installId))
  ) {
    problems.push(
      `"installId" is invalid (${shown(document.installId)}); a new one is made, and keychain items filed under the ` +
        'old one are no longer found — restore it from a copy of metadata.json (`keyport doctor` lists such items)',
    );
    delete repaired.installId;
  }
  return { document: repaired, problems };
}
