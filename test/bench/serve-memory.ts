// The idle RSS of the real `keyport serve`, as `ps` shows it: the CLI from dist/ with nothing
// preloaded, its own data folder with two connections and a client key, their tokens in the OS
// keychain under a service of its own. Sampled once a second from /proc (Linux, where the bench
// runs) for SETTLE_SECONDS after both start-up health checks have passed (the upstream answers
// `initialize`); no forced GC, so the figure includes whatever V8 keeps until its memory reducer
// runs. The bench's keyport child builds the proxy itself and skips the CLI's start-up, so the
// two processes' figures differ. Then the same process is flooded with 64 MiB of pipelined
// requests nobody reads (test/support/pipelining-flood.ts), beside a bare node:http server.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { newInstallId, scopedAccount } from '../../src/keychain/data-folder-secrets.js';
import { createOsSecretStore } from '../../src/keychain/os-secret-store.js';
import { secretAccounts } from '../../src/keychain/secret-store.js';
import { emptyMetadata } from '../../src/store/empty-documents.js';
import type { UsageFile } from '../../src/store/schema.js';
import { connectionFixture } from '../support/connection-fixture.js';
import { bareServerFloodGrowth, floodGrowth, type FloodResult } from '../support/pipelining-flood.js';
import { residentBytes } from '../support/proc-status.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '../../dist/src/cli/keyport.js');
const CONNECTIONS = ['bench', 'spare'];
const SETTLE_SECONDS = 20;

export interface ServeIdleRss {
  /** The last sample: what an idle `keyport serve` keeps. */
  readonly settledBytes: number;
  /** The highest sample while settling. */
  readonly maxBytes: number;
  /** Then: 64 MiB of unread pipelined requests on 4 connections. */
  readonly flood: FloodResult;
  /** The same flood against a bare node:http server (what the runtime itself adds). */
  readonly bareFlood: FloodResult;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once usage.json records a passed health check for every connection. */
async function healthChecksPassed(home: string, exited: Promise<never>): Promise<void> {
  for (;;) {
    try {
      const usage = JSON.parse(readFileSync(join(home, 'usage.json'), 'utf8')) as UsageFile;
      const states = CONNECTIONS.map((name) => usage.connections[name]?.health?.state);
      if (states.every((state) => state === 'ok')) return;
      if (states.some((state) => state !== undefined && state !== 'ok')) {
        throw new Error(`keyport serve's start-up health checks did not pass: ${states.join(', ')}`);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
    }
    await Promise.race([sleep(20), exited]);
  }
}

/** `upstreamOrigin`'s POST /initialize answers every health check as a successful initialize. */
export async function serveIdleRss(upstreamOrigin: string): Promise<ServeIdleRss> {
  const home = mkdtempSync(join(tmpdir(), 'keyport-bench-serve-'));
  const service = `keyport-bench-serve-${process.pid}`;
  const keychain = createOsSecretStore({ service });
  const metadata = emptyMetadata();
  const installId = newInstallId();
  metadata.installId = installId;
  for (const name of CONNECTIONS) {
    metadata.connections[name] = connectionFixture(name, { url: `${upstreamOrigin}/initialize` });
    await keychain.set(scopedAccount(secretAccounts.token(name), installId), `bench-token-${name}-${randomUUID()}`);
  }
  metadata.clients.bench = {
    name: 'bench',
    keyHash: '0'.repeat(64),
    masked: 'kpk_…0000',
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(home, 'metadata.json'), JSON.stringify(metadata), { mode: 0o600 });
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service },
  });
  try {
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`keyport serve exited early (${code})`))),
    );
    const listening = new Promise<number>((resolve, reject) =>
      createInterface({ input: child.stdout! }).once('line', (line) => {
        const port = /^Keyport proxy listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line)?.[1];
        if (port) resolve(Number(port));
        else reject(new Error(`keyport serve: ${line}`));
      }),
    );
    const port = await Promise.race([listening, exited]);
    await healthChecksPassed(home, exited);
    const samples: number[] = [];
    for (let second = 0; second < SETTLE_SECONDS; second += 1) {
      await Promise.race([sleep(1000), exited]);
      samples.push(residentBytes(child.pid!));
    }
    const flood = await floodGrowth(child.pid!, port);
    const bareFlood = await bareServerFloodGrowth();
    return { settledBytes: samples.at(-1)!, maxBytes: Math.max(...samples), flood, bareFlood };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(home, { recursive: true, force: true });
    for (const account of await keychain.accounts()) await keychain.delete(account);
  }
}
