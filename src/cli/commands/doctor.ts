/**
 * `keyport doctor`: checks the data folder, the keychain, this folder's tokens, keychain items no data
 * folder owns (`--remove-orphans` deletes them) and the proxy port; says how to fix each problem.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Command } from 'commander';
import { keychainServiceName } from '../../core/create-core-context.js';
import { resolvePortWithSource } from '../../core/resolve-port.js';
import { KeyportError, type ErrorCode } from '../../errors.js';
import { createOsSecretStore } from '../../keychain/os-secret-store.js';
import { registerDataFolder } from '../../keychain/data-folder-secrets.js';
import { findOrphanedItems } from '../../keychain/orphaned-items.js';
import { secretAccounts, type SecretStore } from '../../keychain/secret-store.js';
import { dataDirPermissionProblem, ensureDataDir, ensureDataDirOptions, resolveDataDir } from '../../store/data-dir.js';
import type { Settings } from '../../store/schema.js';
import { createCliContext, type CliContext } from '../cli-context.js';
import { ownEntry } from '../../store/own-entry.js';

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

/** One check per keychain item no data folder owns (after removing them, with --remove-orphans). */
async function orphanChecks(store: SecretStore, remove: boolean): Promise<Check[]> {
  try {
    const orphans = await findOrphanedItems(store);
    if (remove) {
      for (const orphan of orphans) await store.delete(orphan.account);
      return [{ check: 'keychain items', ok: true, message: `removed ${orphans.length} owned by no data folder` }];
    }
    if (orphans.length === 0)
      return [{ check: 'keychain items', ok: true, message: 'every item belongs to a data folder' }];
    return orphans.map((orphan) => ({
      check: `keychain item ${orphan.account}`,
      ok: false,
      code: 'KEYCHAIN_ITEM_MISSING',
      message: `belongs to no data folder: ${orphan.reason}. Remove such items with \`keyport doctor --remove-orphans\`.`,
    }));
  } catch (error) {
    return [failed('keychain items', error)];
  }
}

export async function runDoctor(flags: { readonly port?: string; readonly removeOrphans?: boolean }): Promise<Check[]> {
  const env = process.env;
  const checks: Check[] = [];
  let settings: Settings | null = null;
  let connections: string[] = [];
  let context: CliContext | undefined;
  try {
    const dir = ensureDataDir(resolveDataDir({ env }), ensureDataDirOptions(env));
    context = createCliContext(env);
    const metadata = context.core.metadata.read();
    context.core.usage.read();
    settings = metadata.settings;
    connections = Object.keys(metadata.connections).sort();
    const permissions = dataDirPermissionProblem(dir);
    checks.push(
      permissions
        ? { check: 'data folder', ok: false, message: permissions, code: 'INVALID_INPUT' }
        : { check: 'data folder', ok: true, message: `${dir} (${connections.length} connections)` },
    );
  } catch (error) {
    checks.push(failed('data folder', error));
  }
  try {
    const service = keychainServiceName(env);
    const store = createOsSecretStore({ service });
    const keychain = await checkKeychain(store, service);
    checks.push(keychain);
    if (keychain.ok && context !== undefined) {
      const { vault, metadata, dataDir } = context.core;
      for (const name of connections) {
        const kind = ownEntry(metadata.read().connections, name)?.kind;
        if (kind === 'command') {
          checks.push({
            check: `token ${name}`,
            ok: true,
            message: 'printed by its command when needed; never stored',
          });
          continue;
        }
        try {
          if (kind === 'oauth') {
            const signedIn = (await vault.items.get(secretAccounts.oauthAccess(name))) !== null;
            checks.push(
              signedIn
                ? { check: `token ${name}`, ok: true, message: 'OAuth sign-in in the keychain' }
                : {
                    check: `token ${name}`,
                    ok: false,
                    code: 'SIGN_IN_NEEDED',
                    message: `"${name}" is not signed in: run \`keyport login ${name}\`.`,
                  },
            );
            continue;
          }
          // Through this data folder's scope: an item from before it moves in now (the rollback one too).
          await vault.get(name);
          if (ownEntry(metadata.read().connections, name)?.previous) await vault.getPrevious(name);
          checks.push({ check: `token ${name}`, ok: true, message: 'in the keychain' });
        } catch (error) {
          checks.push(failed(`token ${name}`, error));
        }
      }
      // A folder that was moved keeps its install id: record where it is now before judging items.
      const installId = metadata.read().installId;
      if (installId !== undefined) await registerDataFolder(store, installId, dataDir);
      checks.push(...(await orphanChecks(store, flags.removeOrphans === true)));
    }
    checks.push(await checkPort(flags.port, env, settings));
  } finally {
    context?.core.metadata.close();
    context?.core.usage.close();
  }
  return checks;
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check the keychain, the data folder, the stored tokens, keychain items no data folder owns and the proxy port, and say how to fix problems.',
    )
    .option('--port <n>', 'the proxy port to check (default: KEYPORT_PORT, the setting, 8931)')
    .option('--json', 'print the checks as JSON')
    .option('--remove-orphans', 'delete the keychain items no data folder owns (doctor lists them)')
    .action(async (flags: { readonly port?: string; readonly json?: boolean; readonly removeOrphans?: boolean }) => {
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
