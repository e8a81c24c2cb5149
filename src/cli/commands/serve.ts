/**
 * `keyport serve [--port <n>]`: runs the localhost MCP proxy without the app. Port: --port,
 * else KEYPORT_PORT, else the saved setting, else 8931; `--port 0` takes a free port. Prints
 * `Keyport proxy listening on http://127.0.0.1:<port>` when ready; SIGINT/SIGTERM flush usage
 * and stop.
 */
import type { Command } from 'commander';
import { resolvePort } from '../../core/resolve-port.js';
import { startProxy } from '../../proxy/start-proxy.js';
import { defaultHealthVerifier } from '../../proxy/upstream-health.js';
import { createCliContext } from '../cli-context.js';

/**
 * Resolves on the first SIGINT/SIGTERM. The listeners stay installed until `release()`: a
 * library's signal-exit hook re-raises a signal when it sees no other listener, which would
 * kill the process before usage is flushed.
 */
function untilSignal(): { readonly signal: Promise<NodeJS.Signals>; release(): void } {
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    stop = resolve;
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    signal,
    release() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

export async function serveCommand(flags: { readonly port?: string }): Promise<void> {
  const env = process.env;
  const { core } = createCliContext(env);
  try {
    const port = resolvePort({
      ...(flags.port !== undefined ? { flag: flags.port } : {}),
      env,
      settings: core.metadata.read().settings,
    });
    const proxy = await startProxy({
      context: core,
      port,
      verify: defaultHealthVerifier({ clock: core.clock }),
    });
    const stopping = untilSignal();
    process.stdout.write(`Keyport proxy listening on ${proxy.url}\n`);
    const signal = await stopping.signal;
    core.logger.info('Stopping the proxy', { signal });
    try {
      await proxy.close();
    } finally {
      stopping.release();
    }
  } finally {
    core.metadata.close();
    core.usage.close();
  }
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the localhost MCP proxy (http://127.0.0.1:<port>/<name>/mcp) until Ctrl-C.')
    .option('--port <n>', 'port to listen on (0 = any free port; default: KEYPORT_PORT, the saved setting, or 8931)')
    .action((flags: { readonly port?: string }) => serveCommand(flags));
}
