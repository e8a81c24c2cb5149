/** The UsageStore (usage.json: counters, last use, health) over a conf-compatible backend. */
import { emptyUsage } from './empty-documents.js';
import { openConfDocument, type ConfStoreOptions } from './conf-metadata-store.js';
import type { UsageStore } from './metadata-store.js';
import { USAGE_MIGRATIONS } from './migrations.js';
import { UsageFileSchema } from './schema.js';
import { applyUsageDelta } from './usage-merge.js';

export function createConfUsageStore(options: ConfStoreOptions): UsageStore {
  const document = openConfDocument(options, {
    name: 'usage',
    schema: UsageFileSchema,
    empty: emptyUsage,
    migrations: USAGE_MIGRATIONS,
    corruptHint: 'Only usage counters and last-use times were in it; they start again from zero.',
  });
  return {
    path: document.path,
    read: () => document.read(),
    apply: (delta) => document.update((draft) => applyUsageDelta(draft, delta)),
    update: (mutate) => document.update(mutate),
    onChange: (listener) => document.onChange(listener),
    close: () => document.close(),
  };
}
