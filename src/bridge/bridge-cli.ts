/**
 * `keyport bridge <name> [--port <n>] [--client <id>]`, loaded by keyport.ts without commander
 * or the rest of the CLI so the bridge answers `initialize` fast. Logs go to stderr only
 * (stdout carries the protocol). The local key comes from the data folder, never from argv.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLineLogger, type LogLevel } from '../logger.js';
import { resolveDataDir } from '../store/data-dir.js';
import { readClientKeyFile } from '../clients/client-key-file.js';
import { runBridge } from './bridge-relay.js';

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const DEFAULT_BRIDGE_CLIENT = 'claude-desktop';
const DEFAULT_PORT = 8931;

export interface BridgeArgs {
  readonly name: string;
  readonly port: number | undefined;
  readonly client: string;
}

export function parseBridgeArgs(args: readonly string[]): BridgeArgs | string {
  let name: string | undefined;
  let port: number | undefined;
  let client = DEFAULT_BRIDGE_CLIENT;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.startsWith('--') ? arg.split('=', 2) : [arg, undefined];
    const value = (): string | undefined => inline ?? args[(i += 1)];
    if (flag === '--port') {
      const raw = value();
      port = Number(raw);
      if (!Number.isInteger(port) || port < 1 || port > 65535) return `--port must be a port number (got ${raw ?? ''})`;
    } else if (flag === '--client') {
      client = value() ?? '';
      if (!NAME.test(client)) return '--client must be a client name such as claude-desktop';
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (name === undefined) name = arg;
    else return `unexpected argument ${arg}`;
  }
  if (name === undefined || !NAME.test(name)) return 'usage: keyport bridge <name> [--port <n>] [--client <id>]';
  return { name, port, client };
}

/** settings.port from metadata.json, read directly (no store, no schema) to keep start-up fast. */
async function settingsPort(dataDir: string): Promise<number | undefined> {
  try {
    const metadata = JSON.parse(await readFile(path.join(dataDir, 'metadata.json'), 'utf8')) as {
      settings?: { port?: unknown };
    };
    const port = metadata.settings?.port;
    return typeof port === 'number' && Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

export async function resolveBridgePort(
  flag: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
): Promise<number> {
  if (flag !== undefined) return flag;
  const fromEnv = Number(env.KEYPORT_PORT);
  if (env.KEYPORT_PORT && Number.isInteger(fromEnv) && fromEnv > 0 && fromEnv <= 65535) return fromEnv;
  return (await settingsPort(dataDir)) ?? DEFAULT_PORT;
}

export async function runBridgeCli(args: readonly string[]): Promise<number> {
  const parsed = parseBridgeArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`keyport bridge: ${parsed}\n`);
    return 2;
  }
  const env = process.env;
  const level = (env.KEYPORT_LOG_LEVEL as LogLevel | undefined) ?? 'info';
  const logger = createLineLogger({ write: (line) => process.stderr.write(line), level });
  const dataDir = resolveDataDir({ env });
  const port = await resolveBridgePort(parsed.port, env, dataDir);
  const url = new URL(`http://127.0.0.1:${port}/${parsed.name}/mcp`);
  logger.info('keyport bridge started', { connection: parsed.name, url: url.href, client: parsed.client });
  await runBridge({
    url,
    readKey: () => readClientKeyFile(dataDir, parsed.client),
    input: process.stdin,
    output: process.stdout,
    logger,
    client: parsed.client,
  });
  logger.info('stdin closed; keyport bridge exiting');
  return 0;
}
