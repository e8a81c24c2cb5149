// Keyport's proxy for the bench, in its own process, from the compiled core (dist/, no loader):
// a temp data folder (real conf stores, metering and audit log as in production) and an
// in-memory secret store holding the token (stored through the vault, so under this folder's
// install id). Prints { port, key } when ready; answers 'stats' messages with its RSS and CPU time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCoreContext } from '../../dist/src/core/create-core-context.js';
import { createMemorySecretStore } from '../../dist/src/keychain/memory-secret-store.js';
import { silentLogger } from '../../dist/src/logger.js';
import { generateClientKey } from '../../dist/src/proxy/client-keys.js';
import { startProxy } from '../../dist/src/proxy/start-proxy.js';
import { answerStats } from './child-stats.mjs';

const upstreamUrl = process.argv[2] ?? '';
const token = process.env.BENCH_TOKEN ?? '';
const home = mkdtempSync(join(tmpdir(), 'keyport-bench-'));
const context = createCoreContext({
  env: { KEYPORT_HOME: home },
  logger: silentLogger,
  secretStore: createMemorySecretStore(),
});
const key = generateClientKey();
const now = new Date().toISOString();
await context.metadata.update((draft) => {
  draft.connections.bench = {
    name: 'bench',
    url: upstreamUrl,
    provider: 'bench',
    kind: 'bearer',
    masked: 'sk_…bench',
    createdAt: now,
    tokenSetAt: now,
    expiresAt: null,
    quota: { limit: 10_000_000, resetDay: 1 },
    account: null,
    allowKeyless: false,
    paused: false,
    previous: null,
  };
  draft.clients.bench = { name: 'bench', keyHash: key.keyHash, masked: key.masked, createdAt: now };
});
await context.vault.set('bench', token);
const proxy = await startProxy({ context, port: 0 });
answerStats(() => proxy.close());
process.stdout.write(`${JSON.stringify({ port: proxy.port, key: key.key })}\n`);
