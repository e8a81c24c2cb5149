/** `keyport doctor`: checks the keychain, the data folder, the stored tokens and the proxy port; says how to fix each problem. */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Command } from 'commander';
import { keychainServiceName } from '../../core/create-core-context.js';
import { resolvePortWithSource } from '../../core/resolve-port.js';
import { KeyportError, type ErrorCode } from '../../errors.js';
import { createOsSecretStore } from '../../keychain/os-secret-store.js';
import { secretAccounts, type SecretStore } from '../../keychain/secret-store.js';
import { dataDirPermissionProblem, ensureDataDir, ensureDataDirOptions, resolveDataDir } from '../../store/data-dir.js';
import type { Settings } from '../../store/schema.js';
import { createCliContext } from '../cli-context.js';

interface Check {
  readonly check: string;
  readonly ok: boolean;
  readonly message: string;
  readonly code?: ErrorCode;
}

function failed(check: string, error: unknown): Check {
  if (error instanceof KeyportError) return { check, ok: false, message: error.message, code: error.code };
  return { check, ok: false, message: error instanceof Error ? error.message : String(error), code: 'INTERNAL' };
}

async function checkKeychain(store: SecretStore, service: string): Promise<Check> {
  const probe = randomBytes(12).toString('hex');
  try {
    await store.set('doctor:probe', probe);
    const read = await store.get('doctor:probe');
    await store.delete('doctor:probe');
    if (read !== probe)
      throw new KeyportError('KEYCHAIN_UNAVAILABLE', 'The keychain returned a different value than was stored.');
    return { check: 'keychain', ok: true, message: `the OS keychain works (service "${service}")` };
  } catch (error) {
    return failed('keychain', error);
  }
}

function portState(port: number): Promise<'free' | 'in-use'> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve('in-use') : reject(error),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve('free')));
  });
}

async function isKeyportProxy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok && (await response.text()).includes('"status":"ok"');
  } catch {
    return false;
  }
}

async function checkPort(flag: string | undefined, env: NodeJS.ProcessEnv, settings: Settings | null): Promise<Check> {
  try {
    const { port, source } = resolvePortWithSource({
      ...(flag ? { flag } : {}),
      env,
      ...(settings ? { settings } : {}),
    });
    if (port === 0) return { check: 'proxy port', ok: true, message: 'port 0: the proxy takes a free port' };
    if ((await portState(port)) === 'free') {
      return { check: 'proxy port', ok: true, message: `port ${port} (${source}) is free; the proxy is not running` };
    }
    if (await isKeyportProxy(port)) {
      return { check: 'proxy port', ok: true, message: `Keyport's proxy is running on port ${port} (${source})` };
    }
    return {
      check: 'proxy port',
      ok: false,
      code: 'PORT_IN_USE',
      message: `Port ${port} (${source}) is used by another program; stop it or choose another port (KEYPORT_PORT or the app's settings).`,
    };
  } catch (error) {
    return failed('proxy port', error);
  }
}

export async function runDoctor(flags: { readonly port?: string }): Promise<Check[]> {
  const env = process.env;
  const checks: Check[] = [];
  let settings: Settings | null = null;
  let connections: string[] = [];
  try {
    const dir = ensureDataDir(resolveDataDir({ env }), ensureDataDirOptions(env));
    const context = createCliContext(env);
    try {
      const metadata = context.core.metadata.read();
      context.core.usage.read();
      settings = metadata.settings;
      connections = Object.keys(metadata.connections).sort();
    } finally {
      context.core.metadata.close();
      context.core.usage.close();
    }
    const permissions = dataDirPermissionProblem(dir);
    checks.push(
      permissions
        ? { check: 'data folder', ok: false, message: permissions, code: 'INVALID_INPUT' }
        : { check: 'data folder', ok: true, message: `${dir} (${connections.length} connections)` },
    );
  } catch (error) {
    checks.push(failed('data folder', error));
  }
  const service = keychainServiceName(env);
  const store = createOsSecretStore({ service });
  const keychain = await checkKeychain(store, service);
  checks.push(keychain);
  if (keychain.ok) {
    for (const name of connections) {
      try {
        const present = (await store.get(secretAccounts.token(name))) !== null;
        checks.push(
          present
            ? { check: `token ${name}`, ok: true, message: 'in the keychain' }
            : {
                check: `token ${name}`,
                ok: false,
                code: 'KEYCHAIN_ITEM_MISSING',
                message: `The keychain has no token for "${name}": store it again with \`keyport rotate ${name}\`.`,
              },
        );
      } catch (error) {
        checks.push(failed(`token ${name}`, error));
      }
    }
  }
  checks.push(await checkPort(flags.port, env, settings));
  return checks;
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check the keychain, the data folder, the stored tokens and the proxy port, and say how to fix problems.',
    )
    .option('--port <n>', 'the proxy port to check (default: KEYPORT_PORT, the setting, 8931)')
    .option('--json', 'print the checks as JSON')
    .action(async (flags: { readonly port?: string; readonly json?: boolean }) => {
      const checks = await runDoctor(flags);
      if (flags.json) process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
      else
        for (const check of checks)
          process.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.check}: ${check.message}\n`);
      const problems = checks.filter((check) => !check.ok);
      if (problems.length > 0) {
        throw new KeyportError(
          problems[0]?.code ?? 'INTERNAL',
          `doctor found ${problems.length} problem${problems.length === 1 ? '' : 's'} (see above).`,
        );
      }
    });
}
