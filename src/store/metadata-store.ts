/**
 * The metadata seam. Implementations: the conf-backed store the CLI uses (the desktop
 * app passes electron-store, which has the same API) and an in-memory one for unit tests.
 */
import type { Metadata, UsageFile } from './schema.js';

export interface MetadataStore {
  /** Absolute path of the file, for messages and `doctor`. */
  readonly path: string;
  /** A fresh, validated snapshot (re-read from disk, so edits by another process are seen). */
  read(): Metadata;
  /**
   * Read-modify-write under a cross-process lock: `mutate` edits a draft; the result is
   * validated and written atomically. If `mutate` or validation throws, nothing is written.
   * `mutate` may be async (the lock is held until it settles); it must not call `update` itself.
   */
  update<T>(mutate: (draft: Metadata) => T): Promise<Awaited<T>>;
  /** Called after any change to the file, by this process or another. Returns an unsubscribe. */
  onChange(listener: (metadata: Metadata) => void): () => void;
  close(): void;
}

/** Counts observed since the last flush, merged into usage.json by UsageStore.apply. */
export interface ConnectionUsageDelta {
  lastUsedAt?: string;
  /** Counted calls for the period starting at `periodStart` (the connection's own quota period, if any). */
  calls?: { readonly periodStart: string; readonly count: number };
  requests?: number;
  byMethod?: Record<string, number>;
  byClient?: Record<string, number>;
  /** Counted calls per local date YYYY-MM-DD. */
  daily?: Record<string, number>;
  health?: UsageFile['connections'][string]['health'];
  providerQuota?: UsageFile['connections'][string]['providerQuota'];
}

export interface UsageDelta {
  connections?: Record<string, ConnectionUsageDelta>;
  accounts?: Record<string, { readonly periodStart: string; readonly count: number }>;
  clients?: Record<string, { readonly lastUsedAt: string }>;
}

export interface UsageStore {
  readonly path: string;
  read(): UsageFile;
  /**
   * Adds the delta to the file under the cross-process lock: counters add up, the later
   * `lastUsedAt` wins, a delta for a newer period replaces the stored period's count.
   * Connections no longer in the metadata may be dropped.
   */
  apply(delta: UsageDelta): Promise<void>;
  /** Read-modify-write under the same lock, e.g. to drop a removed connection's counters. */
  update<T>(mutate: (draft: UsageFile) => T): Promise<Awaited<T>>;
  onChange(listener: (usage: UsageFile) => void): () => void;
  close(): void;
}
