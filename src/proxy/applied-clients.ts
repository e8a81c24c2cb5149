/**
 * How `keyport client remove` knows a running proxy refuses the removed key before the command
 * returns (and `keyport tools` that it applies a changed tool policy). Each running proxy
 * (`keyport serve`, the app) keeps a small file `<data folder>/proxies/<pid>.json` saying which
 * client keys its route table accepts and which tool policies it applies — a fingerprint of the
 * keys' hashes and the policies, rewritten each time it applies a change of metadata.json. The
 * CLI, after writing metadata.json, waits until every live proxy's file shows the new fingerprint.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isProcessRunning } from '../process-running.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { Metadata } from '../store/schema.js';

const ACK_POLL_MS = 5;

export function proxiesDir(dataDir: string): string {
  return path.join(dataDir, 'proxies');
}

/** The client keys a route table built from `metadata` accepts (their hashes, in order) and its tool policies. */
export function clientsFingerprint(metadata: Pick<Metadata, 'clients' | 'connections'>): string {
  const hashes = Object.values(metadata.clients)
    .map((client) => client.keyHash)
    .sort();
  const policies = Object.values(metadata.connections)
    .flatMap((connection) => (connection.toolPolicy === undefined ? [] : [[connection.name, connection.toolPolicy]]))
    .sort(([a], [b]) => String(a).localeCompare(String(b)));
  return createHash('sha256').update(hashes.join(',')).update(JSON.stringify(policies)).digest('hex');
}

export interface AppliedClients {
  /** Records that the route table now accepts the clients of `metadata`. */
  publish(metadata: Metadata): void;
  close(): Promise<void>;
}

/** The proxy's side: one file for this process, written in order, removed on close. */
export function publishAppliedClients(options: { readonly dataDir: string; readonly pid?: number }): AppliedClients {
  const pid = options.pid ?? process.pid;
  const file = path.join(proxiesDir(options.dataDir), `${pid}.json`);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let writing: Promise<void> = Promise.resolve();
  let last = '';
  return {
    publish(metadata) {
      const text = JSON.stringify({ pid, clients: clientsFingerprint(metadata) });
      if (text === last) return;
      last = text;
      writing = writing.then(() => writeFileAtomic(file, text, 0o600)).catch(() => undefined);
    },
    async close() {
      await writing;
      rmSync(file, { force: true });
    },
  };
}

/** The live proxies' last published fingerprints (files of dead processes are removed). */
function publishedFingerprints(dataDir: string): Map<number, string | null> {
  const found = new Map<number, string | null>();
  let names: string[];
  try {
    names = readdirSync(proxiesDir(dataDir));
  } catch {
    return found;
  }
  for (const name of names) {
    const match = /^(\d+)\.json$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    const file = path.join(proxiesDir(dataDir), name);
    if (!isProcessRunning(pid)) {
      rmSync(file, { force: true });
      continue;
    }
    try {
      found.set(pid, (JSON.parse(readFileSync(file, 'utf8')) as { clients?: string }).clients ?? null);
    } catch {
      found.set(pid, null); // being replaced this instant: read again on the next poll
    }
  }
  return found;
}

/**
 * Waits until every running proxy on `dataDir` applies exactly the clients and tool policies of `metadata`; resolves
 * with the pids that did not confirm within `timeoutMs` (none: all did, or none is running).
 */
export async function waitForProxiesToApply(
  dataDir: string,
  metadata: Pick<Metadata, 'clients' | 'connections'>,
  timeoutMs = 3000,
): Promise<number[]> {
  const expected = clientsFingerprint(metadata);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const behind = [...publishedFingerprints(dataDir)].filter(([, applied]) => applied !== expected);
    if (behind.length === 0 || Date.now() >= deadline) return behind.map(([pid]) => pid);
    await new Promise((resolve) => setTimeout(resolve, ACK_POLL_MS));
  }
}
