/**
 * `keyport serve [--port <n>]`: runs the localhost MCP proxy without the app. Port: --port,
 * else KEYPORT_PORT, else the saved setting, else 8931; `--port 0` takes a free port. Prints
 * `Keyport proxy listening on http://127.0.0.1:<port>` when ready; SIGINT/SIGTERM flush usage
 * and stop.
 */
import type { Command } from 'commander';
import { createCoreContext } from '../../core/create-core-context.js';
import { resolvePort } from '../../core/resolve-port.js';
import { startProxy } from '../../proxy/start-proxy.js';
import { defaultHealthVerifier } from '../../proxy/upstream-health.js';
import { cliLogger } from '../cli-logger.js';

export interface ServeFlags {
  readonly port?: string;
}

export interface ServeOptions {
  /** Called once the proxy listens and its start-up health checks are recorded (or, with none, at once). */
  readonly onStarted?: () => void;
}

/**
 * The flags of `keyport serve [--port <n> | --port=<n>]`, or undefined for anything else
 * (--help, unknown options, a missing value…), which goes through commander as every other
 * command does. keyport.ts uses this to start the proxy without loading commander, whose
 * modules would stay resident for the proxy's whole life.
 */
export function serveFlagsFrom(args: readonly string[]): ServeFlags | undefined {
  let port: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg.startsWith('--port=')) port = arg.slice('--port='.length);
    else if (arg === '--port' && index + 1 < args.length && !args[index + 1]!.startsWith('-')) {
      index += 1;
      port = args[index];
    } else return undefined;
  }
  return port === undefined ? {} : { port };
}

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

export async function serveCommand(flags: ServeFlags, options: ServeOptions = {}): Promise<void> {
  const env = process.env;
  const core = createCoreContext({ env, logger: cliLogger(env) });
  try {
    const port = resolvePort({
      ...(flags.port !== undefined ? { flag: flags.port } : {}),
      env,
      settings: core.metadata.read().settings,
    });
    const proxy = await startProxy({
      context: core,
      port,
      verify: defaultHealthVerifier({ clock: core.clock, network: core.network }),
    });
    const stopping = untilSignal();
    process.stdout.write(`Keyport proxy listening on ${proxy.url}\n`);
    void (proxy.health?.started ?? Promise.resolve()).then(() => options.onStarted?.());
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
    .action((flags: ServeFlags) => serveCommand(flags));
}
