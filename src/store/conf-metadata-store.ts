/** The MetadataStore over a conf-compatible backend (conf in the CLI, electron-store in the app). */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ConfFactory } from './conf-backend.js';
import { emptyMetadata } from './empty-documents.js';
import {
  openJsonDocument,
  type CorruptFileInfo,
  type JsonDocument,
  type JsonDocumentOptions,
} from './json-document.js';
import type { MetadataStore } from './metadata-store.js';
import { repairMetadata } from './metadata-repair.js';
import { METADATA_MIGRATIONS, type MigrationTable } from './migrations.js';
import { METADATA_VERSION, MetadataSchema } from './schema.js';

export interface ConfStoreOptions {
  readonly dataDir: string;
  readonly confFactory: ConfFactory;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly onCorrupt?: (info: CorruptFileInfo) => void;
  /** Tests only: another migration table / version. */
  readonly migrations?: MigrationTable;
  readonly currentVersion?: number;
}

/** Opens one document of the data folder with the options every store shares. */
export function openConfDocument<T>(
  options: ConfStoreOptions,
  spec: Pick<JsonDocumentOptions<T>, 'name' | 'schema' | 'empty' | 'migrations' | 'corruptHint' | 'repair'>,
): JsonDocument<T> {
  return openJsonDocument({
    ...spec,
    dataDir: options.dataDir,
    currentVersion: options.currentVersion ?? METADATA_VERSION,
    migrations: options.migrations ?? spec.migrations,
    confFactory: options.confFactory,
    logger: options.logger,
    clock: options.clock,
    ...(options.onCorrupt ? { onCorrupt: options.onCorrupt } : {}),
  });
}

export function createConfMetadataStore(options: ConfStoreOptions): MetadataStore {
  const document = openConfDocument(options, {
    name: 'metadata',
    schema: MetadataSchema,
    empty: emptyMetadata,
    migrations: METADATA_MIGRATIONS,
    repair: repairMetadata,
    corruptHint:
      'Your tokens are still in the keychain: repair the moved file and put it back, or add the connections again.',
  });
  return {
    path: document.path,
    read: () => document.read(),
    update: (mutate) => document.update(mutate),
    onChange: (listener) => document.onChange(listener),
    close: () => document.close(),
  };
}
