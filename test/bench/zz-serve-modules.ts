import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { newInstallId, scopedAccount } from '../../src/keychain/data-folder-secrets.js';
import { createOsSecretStore } from '../../src/keychain/os-secret-store.js';
import { secretAccounts } from '../../src/keychain/secret-store.js';
import { emptyMetadata } from '../../src/store/empty-documents.js';
import { connectionFixture } from '../support/connection-fixture.js';
import { residentBytes } from '../support/proc-status.js';
import { ensurePrivateKeychain } from '../robustness/support/private-keychain.js';
ensurePrivateKeychain();
const ROOT = process.env.ZZ_ROOT ?? '/work/wt/issue-16';
const up = spawn(process.execPath, [join(ROOT, 'test/bench/upstream.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const { port } = JSON.parse(await new Promise<string>((r) => createInterface({ input: up.stdout! }).once('line', r)));
const home = mkdtempSync(join(tmpdir(), 'kp-mem-'));
const service = `kp-mem-${process.pid}`;
const keychain = createOsSecretStore({ service });
const metadata = emptyMetadata();
const installId = newInstallId();
(metadata as { installId?: string }).installId = installId;
for (const name of ['bench', 'spare']) {
  metadata.connections[name] = connectionFixture(name, { url: `http://127.0.0.1:${port}/initialize` });
  await keychain.set(process.env.ZZ_ROOT ? secretAccounts.token(name) : scopedAccount(secretAccounts.token(name), installId), `bench-token-${name}-${randomUUID()}`);
}
writeFileSync(join(home, 'metadata.json'), JSON.stringify(metadata));
const log = join(home, 'modules.log');
const extra = process.argv[2] === 'log' ? ['--import', join(ROOT, 'test/support/module-log/preload.mjs')] : process.argv.slice(2);
const child = spawn(process.execPath, [...extra, join(ROOT, 'dist/src/cli/keyport.js'), 'serve', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, KEYPORT_HOME: home, KEYPORT_KEYCHAIN_SERVICE: service, KEYPORT_TEST_MODULE_LOG: log },
});
await new Promise<string>((r) => createInterface({ input: child.stdout! }).once('line', r));
process.stdout.write(`listening rss ${(residentBytes(child.pid!) / 2 ** 20).toFixed(1)}\n`);
for (let i = 0; i < 12; i += 1) {
  await new Promise((r) => setTimeout(r, i < 5 ? 100 : 1000));
  const usage = JSON.parse(readFileSync(join(home, 'usage.json'), 'utf8').toString() || '{}');
  const st = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const f = (k: string) => (Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(st)?.[1]) / 1024).toFixed(1);
  process.stdout.write(`${i}s anon ${f('RssAnon')} file ${f('RssFile')} rss ${(residentBytes(child.pid!) / 2 ** 20).toFixed(1)} MiB health ${['bench', 'spare'].map((n) => usage.connections?.[n]?.health?.state).join(',')}\n`);
}
if (process.argv[2] === 'log') {
  child.kill('SIGUSR2');
  await new Promise((r) => setTimeout(r, 500));
  const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('node_modules') || l.includes('dist/'));
  console.log(lines.map((l) => l.replace(/^file:\/\/\/work\/wt\/issue-16\//, '')).join('\n'));
}
child.kill('SIGINT');
up.kill();
for (const account of await keychain.accounts()) await keychain.delete(account);
