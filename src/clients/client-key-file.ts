/**
 * Each client's local key, kept in the data folder (`client-keys/<client>.key`, folder 0700,
 * file 0600). Metadata stores only the key's hash, so this file is what lets `connect` reuse
 * the key on a re-run (idempotent configs) and what the stdio bridge presents to the proxy
 * without a secret in the client's config, argv or environment. The key is worthless off
 * this machine: it only opens 127.0.0.1:<port>.
 */
import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../clock.js';
import { generateClientKey, hashClientKey, looksLikeClientKey } from '../proxy/client-keys.js';
import type { MetadataStore } from '../store/metadata-store.js';
import { writeFileAtomic } from './config-write.js';
import { ownEntry } from '../store/own-entry.js';

export function clientKeyPath(dataDir: string, client: string): string {
  return path.join(dataDir, 'client-keys', `${client}.key`);
}

/** The stored key, or null when there is none (or the file does not hold a key). */
export async function readClientKeyFile(dataDir: string, client: string): Promise<string | null> {
  try {
    const key = (await readFile(clientKeyPath(dataDir, client), 'utf8')).trim();
    return looksLikeClientKey(key) ? key : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export interface EnsuredClientKey {
  readonly key: string;
  /** True when a new key was made (the client's earlier key, if any, stops working). */
  readonly created: boolean;
}

interface ClientKeyOptions {
  readonly dataDir: string;
  readonly metadata: MetadataStore;
  readonly client: string;
  readonly clock: Clock;
}

/** The client's key when its file matches the hash in metadata (a key `connect` made); else null. */
export async function existingClientKey(options: Omit<ClientKeyOptions, 'clock'>): Promise<string | null> {
  const existing = await readClientKeyFile(options.dataDir, options.client);
  const registered = ownEntry(options.metadata.read().clients, options.client);
  return existing !== null && registered !== undefined && hashClientKey(existing) === registered.keyHash
    ? existing
    : null;
}

/** Reuses the client's key when its file matches the hash in metadata; otherwise makes and registers a new one. */
export async function ensureClientKey(options: ClientKeyOptions): Promise<EnsuredClientKey> {
  const existing = await existingClientKey(options);
  if (existing !== null) return { key: existing, created: false };
  const fresh = generateClientKey();
  const filePath = clientKeyPath(options.dataDir, options.client);
  await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
  await chmod(path.dirname(filePath), 0o700);
  await writeFileAtomic(filePath, `${fresh.key}\n`);
  await chmod(filePath, 0o600);
  await options.metadata.update((draft) => {
    draft.clients[options.client] = {
      name: options.client,
      keyHash: fresh.keyHash,
      masked: fresh.masked,
      createdAt: options.clock.now().toISOString(),
    };
  });
  return { key: fresh.key, created: true };
}
