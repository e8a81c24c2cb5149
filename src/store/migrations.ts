/**
 * Versioned documents: every file carries `version`; a migration table maps each version to
 * the function producing it from the version before (`{ 2: v1ToV2 }`). A file without
 * `version` is version 0. Files from a newer Keyport are refused, never rewritten.
 */
import { KeyportError } from '../errors.js';

export type JsonObject = Record<string, unknown>;
export type Migration = (document: JsonObject) => JsonObject;
export type MigrationTable = Readonly<Record<number, Migration>>;

/** Metadata and usage are at version 1, the first released format: nothing to migrate yet. */
export const METADATA_MIGRATIONS: MigrationTable = {};
export const USAGE_MIGRATIONS: MigrationTable = {};

/** Thrown for a document that cannot be understood; the store moves such a file aside. */
export class CorruptDocumentError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CorruptDocumentError';
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface MigrateOptions {
  readonly table: MigrationTable;
  readonly currentVersion: number;
  /** The file, for messages. */
  readonly file: string;
}

export function migrateDocument(raw: unknown, options: MigrateOptions): { document: JsonObject; migrated: boolean } {
  if (!isJsonObject(raw)) throw new CorruptDocumentError('the file does not hold a JSON object');
  const version = raw.version ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new CorruptDocumentError(`"version" is not a valid version number`);
  }
  if (version > options.currentVersion) {
    throw new KeyportError(
      'METADATA_CORRUPT',
      `${options.file} was written by a newer Keyport (format version ${version}; this one reads up to ` +
        `${options.currentVersion}); upgrade Keyport.`,
    );
  }
  let document: JsonObject = raw;
  for (let next = version + 1; next <= options.currentVersion; next += 1) {
    const migration = options.table[next];
    if (!migration) throw new CorruptDocumentError(`no migration from format version ${next - 1} to ${next}`);
    document = { ...migration(structuredClone(document)), version: next };
  }
  return { document, migrated: version !== options.currentVersion };
}
