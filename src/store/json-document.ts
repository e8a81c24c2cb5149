/**
 * One JSON document in the data folder, over a conf-compatible backend: migrated and
 * schema-validated on every read; read-modify-write under a cross-process lock
 * (proper-lockfile) and written atomically; a corrupt file is moved aside to
 * `<name>.corrupt-<timestamp>.json` with a warning naming that path, never silently emptied;
 * listeners hear about changes made by this process or another (fs.watch on the folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type * as z from 'zod';
import type { Clock } from '../clock.js';
import { KeyportError } from '../errors.js';
import type { Logger } from '../logger.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.js';
import { CONF_FILE_MODE, confBackendOptions, type ConfBackend, type ConfFactory } from './conf-backend.js';
import { CorruptDocumentError, migrateDocument, type JsonObject, type MigrationTable } from './migrations.js';

export interface CorruptFileInfo {
  readonly file: string;
  readonly movedTo: string;
  readonly reason: string;
}

export interface JsonDocumentOptions<T> {
  readonly dataDir: string;
  /** File name without `.json`: `metadata`, `usage`. */
  readonly name: string;
  readonly schema: z.ZodType<T>;
  readonly empty: () => T;
  readonly currentVersion: number;
  readonly migrations: MigrationTable;
  readonly confFactory: ConfFactory;
  readonly logger: Logger;
  readonly clock: Clock;
  /** What the user loses if the file is moved aside, appended to the warning. */
  readonly corruptHint?: string;
  /** Told when a corrupt file was moved aside (the desktop app shows it). */
  readonly onCorrupt?: (info: CorruptFileInfo) => void;
  /** Milliseconds to coalesce file-system events; default 20. */
  readonly watchDebounceMs?: number;
  /**
   * Fixes what can be fixed before the schema check (e.g. a bad setting takes its default); each
   * problem is logged once per process as a warning naming it. What it cannot fix fails the check.
   */
  readonly repair?: (document: JsonObject) => { readonly document: JsonObject; readonly problems: readonly string[] };
}

export interface JsonDocument<T> {
  readonly path: string;
  read(): T;
  update<R>(mutate: (draft: T) => R): Promise<Awaited<R>>;
  onChange(listener: (value: T) => void): () => void;
  close(): void;
}

const LOCK_RETRIES = { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 100 };
/** conf's own bookkeeping key: kept across our writes, as conf's setter does. */
const CONF_INTERNAL_KEY = '__internal__';

export function openJsonDocument<T>(options: JsonDocumentOptions<T>): JsonDocument<T> {
  const file = path.join(options.dataDir, `${options.name}.json`);
  const listeners = new Set<(value: T) => void>();
  let lastJson: string | null = null;
  let watcher: fs.FSWatcher | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  /** conf's `__internal__` value in the file last loaded (undefined when absent). */
  let confInternal: unknown;
  /** The text this process wrote last: a change event for it needs no parse and validation. */
  let lastWritten: string | null = null;
  /** Repair warnings already logged by this process. */
  const warned = new Set<string>();

  /** Parse + migrate + validate what the backend holds; throws CorruptDocumentError or KeyportError. */
  const load = (): T => {
    let raw: Record<string, unknown>;
    try {
      raw = backend.store;
    } catch (error) {
      if (error instanceof SyntaxError) throw new CorruptDocumentError('it is not valid JSON');
      throw error;
    }
    confInternal = raw[CONF_INTERNAL_KEY];
    if (Object.keys(raw).length === 0) return options.empty();
    const { document: migrated } = migrateDocument(raw, {
      table: options.migrations,
      currentVersion: options.currentVersion,
      file,
    });
    const repair = options.repair?.(migrated);
    for (const problem of repair?.problems ?? []) {
      if (warned.has(problem)) continue;
      warned.add(problem);
      options.logger.warn(`${file}: ${problem}.`);
    }
    const parsed = options.schema.safeParse(repair?.document ?? migrated);
    if (!parsed.success)
      throw new CorruptDocumentError(`it does not match the expected format (${issues(parsed.error)})`);
    return parsed.data;
  };

  const moveAside = (reason: string): void => {
    const stamp = options.clock.now().toISOString().replace(/[:.]/g, '-');
    const movedTo = path.join(path.dirname(file), `${options.name}.corrupt-${stamp}.json`);
    try {
      fs.renameSync(file, movedTo);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it already
      throw new KeyportError(
        'METADATA_CORRUPT',
        `${file} is unreadable (${reason}) and could not be moved aside; move or repair it by hand.`,
        { cause: error },
      );
    }
    const hint = options.corruptHint ? ` ${options.corruptHint}` : '';
    options.logger.warn(
      `${file} was unreadable (${reason}); it was moved aside to ${movedTo} and a fresh file is used.${hint}`,
      { file, movedTo },
    );
    options.onCorrupt?.({ file, movedTo, reason });
  };

  removeStaleTempFiles(file);
  // conf and electron-store parse the file in their constructor and throw on invalid JSON:
  // move such a file aside first, so the backend starts fresh and the user is told.
  try {
    JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) moveAside('it is not valid JSON');
  }
  const backend: ConfBackend = options.confFactory(confBackendOptions(options.dataDir, options.name));

  const readRecovering = (): T => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return load();
      } catch (error) {
        if (!(error instanceof CorruptDocumentError) || attempt > 0) {
          if (error instanceof CorruptDocumentError) {
            throw new KeyportError('METADATA_CORRUPT', `${file} is unreadable (${error.message}); repair or move it.`);
          }
          throw error;
        }
        moveAside(error.message);
      }
    }
  };

  const emit = (value: T): void => {
    const json = JSON.stringify(value);
    if (json === lastJson) return;
    lastJson = json;
    for (const listener of listeners) listener(value);
  };

  const onFsEvent = (): void => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      try {
        if (lastWritten !== null && readTextOrNull(file) === lastWritten) return; // our own write, emitted already
        emit(load());
      } catch (error) {
        // A file being repaired by hand or written by a newer Keyport: keep the last good snapshot.
        options.logger.warn(`Ignoring an unreadable change to ${file}`, {
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }, options.watchDebounceMs ?? 20);
    debounce.unref();
  };

  const startWatching = (): void => {
    if (watcher) return;
    const base = path.basename(file);
    watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, filename) => {
      if (filename === null || filename === base) onFsEvent();
    });
    watcher.on('error', (error) => options.logger.warn(`Stopped watching ${file}`, { reason: error.message }));
  };

  const acquire = async (): Promise<() => Promise<void>> => {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      return await lockfile.lock(file, { realpath: false, stale: 10_000, retries: LOCK_RETRIES });
    } catch (error) {
      throw new KeyportError(
        'METADATA_LOCKED',
        `Another Keyport process holds the lock ${file}.lock; try again (if no Keyport process is running, delete that folder).`,
        { cause: error },
      );
    }
  };

  return {
    path: file,
    read: readRecovering,
    update<R>(mutate: (draft: T) => R): Promise<Awaited<R>> {
      const run = async (): Promise<Awaited<R>> => {
        const release = await acquire();
        try {
          const draft = structuredClone(readRecovering());
          // An async mutate runs under the lock too (e.g. a keychain write that must not race).
          const result = await mutate(draft);
          const parsed = options.schema.safeParse(draft);
          if (!parsed.success) {
            throw new KeyportError(
              'INVALID_INPUT',
              `Refusing to write an invalid ${options.name}.json (${issues(parsed.error)}).`,
            );
          }
          // Written like conf's setter (same path, format and mode), but off the event loop: conf
          // writes synchronously with fsync, which stalls the proxy for milliseconds per flush.
          const value =
            confInternal === undefined ? parsed.data : { ...parsed.data, [CONF_INTERNAL_KEY]: confInternal };
          const text = JSON.stringify(value, undefined, '\t');
          await writeFileAtomic(backend.path, text, CONF_FILE_MODE);
          lastWritten = text;
          emit(parsed.data);
          return result;
        } finally {
          await release().catch(() => undefined);
        }
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    onChange(listener) {
      if (listeners.size === 0) {
        try {
          lastJson = JSON.stringify(load());
        } catch {
          lastJson = null;
        }
      }
      listeners.add(listener);
      startWatching();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopWatching();
      };
    },
    close() {
      listeners.clear();
      stopWatching();
      backend._closeWatcher?.();
    },
  };

  function stopWatching(): void {
    watcher?.close();
    watcher = null;
    if (debounce) clearTimeout(debounce);
    debounce = null;
  }
}

function readTextOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
