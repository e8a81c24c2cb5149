/** In-memory MetadataStore and UsageStore for unit tests: same validation and merge rules, no disk. */
import { KeyportError } from '../errors.js';
import { emptyMetadata, emptyUsage } from './empty-documents.js';
import type { MetadataStore, UsageStore } from './metadata-store.js';
import { MetadataSchema, UsageFileSchema, type Metadata, type UsageFile } from './schema.js';
import { applyUsageDelta } from './usage-merge.js';
import type * as z from 'zod';

interface MemoryDocument<T> {
  read(): T;
  update<R>(mutate: (draft: T) => R): Promise<Awaited<R>>;
  onChange(listener: (value: T) => void): () => void;
  close(): void;
}

function memoryDocument<T>(name: string, schema: z.ZodType<T>, initial: T): MemoryDocument<T> {
  let current = schema.parse(initial);
  const listeners = new Set<(value: T) => void>();
  // Updates run one at a time, as under the file store's lock (a mutate may be async).
  let queue: Promise<unknown> = Promise.resolve();
  return {
    read: () => structuredClone(current),
    update<R>(mutate: (draft: T) => R): Promise<Awaited<R>> {
      const run = async (): Promise<Awaited<R>> => {
        const draft = structuredClone(current);
        const result = await mutate(draft);
        const parsed = schema.safeParse(draft);
        if (!parsed.success) {
          throw new KeyportError('INVALID_INPUT', `Refusing to write an invalid ${name} (${parsed.error.message}).`);
        }
        current = parsed.data;
        for (const listener of listeners) listener(structuredClone(current));
        return result;
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => listeners.clear(),
  };
}

export function createMemoryMetadataStore(initial?: Metadata): MetadataStore {
  const document = memoryDocument('metadata.json', MetadataSchema, initial ?? emptyMetadata());
  return { path: '(memory)/metadata.json', ...document };
}

export function createMemoryUsageStore(initial?: UsageFile): UsageStore {
  const document = memoryDocument('usage.json', UsageFileSchema, initial ?? emptyUsage());
  return {
    path: '(memory)/usage.json',
    ...document,
    apply: (delta) => document.update((draft) => applyUsageDelta(draft, delta)),
  };
}
