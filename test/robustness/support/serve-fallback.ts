/**
 * What `keyport serve` does (the CLI's core context: conf stores + OS keychain from the
 * environment; the proxy on KEYPORT_PORT), with KEYPORT_FLUSH_MS as the usage/audit flush
 * interval — so a kill -9 lands in the middle of a flush. SIGTERM/SIGINT flush and exit.
 */
import { createCliContext } from '../../../src/cli/cli-context.js';
import { resolvePort } from '../../../src/core/resolve-port.js';
import { startProxy } from '../../../src/proxy/start-proxy.js';

const { core } = createCliContext(process.env);
const flushMs = Number(process.env.KEYPORT_FLUSH_MS ?? '0');
const proxy = await startProxy({
  context: core,
  port: resolvePort({ env: process.env, settings: core.metadata.read().settings }),
  ...(flushMs > 0 ? { flushIntervalMs: flushMs } : {}),
}).catch((error: unknown) => {
  process.stderr.write(`keyport: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
process.stderr.write(`Keyport proxy listening on ${proxy.url}\n`);
const stop = () =>
  void proxy.close().then(() => {
    core.metadata.close();
    core.usage.close();
    process.exit(0);
  });
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
