// The idle RSS of the real `keyport serve` (the CLI from dist/, its own data folder with two
// connections and a client key; the OS keychain under a service of its own, which holds no
// token), measured after a full GC as the other children are. The bench's keyport child builds
// the proxy itself and skips the CLI's start-up, so the two figures differ.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { emptyMetadata } from '../../src/store/empty-documents.js';
import { connectionFixture } from '../support/connection-fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '../../dist/src/cli/keyport.js');

export async function serveIdleRss(upstreamUrl: string, settleMs = 500): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'keyport-bench-serve-'));
  const metadata = emptyMetadata();
  for (const name of ['bench', 'spare']) metadata.connections[name] = connectionFixture(name, { url: upstreamUrl });
  metadata.clients.bench = {
    name: 'bench',
    keyHash: '0'.repeat(64),
    masked: 'kpk_…0000',
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(home, 'metadata.json'), JSON.stringify(metadata), { mode: 0o600 });
  const child = fork(CLI, ['serve', '--port', '0'], {
    execArgv: ['--expose-gc', '--import', join(here, 'serve-stats-preload.mjs')],
    stdio: ['ignore', 'pipe', 'ignore', 'ipc'],
    env: { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: `keyport-bench-serve-${process.pid}` },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', (line) =>
        line.startsWith('Keyport proxy listening on ') ? resolve() : reject(new Error(`keyport serve: ${line}`)),
      );
      child.once('exit', (code) => reject(new Error(`keyport serve exited early (${code})`)));
    });
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return await new Promise<number>((resolve) => {
      child.once('message', (message) => resolve((message as { rss: number }).rss));
      child.send('stats');
    });
  } finally {
    if (child.connected) child.disconnect(); // the IPC channel alone would keep serve running
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(home, { recursive: true, force: true });
  }
}
