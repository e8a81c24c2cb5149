/**
 * `keyport connect <client> [<name>…] [--print | --write] [--project <dir>] [--port <n>]`:
 * shows (default) or writes the client's entries for the given connections (all when none).
 */
import os from 'node:os';
import type { Command } from 'commander';
import { connectClient, type ClientServiceDeps } from '../../clients/client-service.js';
import { currentHost } from '../../clients/config-path.js';
import { currentLauncher } from '../../clients/launcher.js';
import { createCoreContext } from '../../core/create-core-context.js';
import type { CoreContext } from '../../core/context.js';
import { KeyportError } from '../../errors.js';
import { createLineLogger } from '../../logger.js';
import { resolveCliPort } from '../../clients/cli-port.js';

/** The context and seams the client commands share (stores are closed by `finish`). */
export function openClientDeps(): ClientServiceDeps & { readonly context: CoreContext; finish(): void } {
  const logger = createLineLogger({ write: (line) => process.stderr.write(line), level: 'warn' });
  const context = createCoreContext({ env: process.env, logger });
  return {
    context,
    host: currentHost(process.env, os.homedir()),
    launcher: currentLauncher(),
    finish: () => {
      context.metadata.close();
      context.usage.close();
    },
  };
}

export function parsePortOption(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new KeyportError('INVALID_INPUT', `--port must be a port number between 1 and 65535 (got ${value}).`);
  }
  return port;
}

interface ConnectFlags {
  readonly print?: boolean;
  readonly write?: boolean;
  readonly project?: string;
  readonly port?: number;
}

export function registerConnectCommand(program: Command): void {
  program
    .command('connect')
    .description("Add Keyport's localhost entries to an MCP client's config (prints a preview unless --write).")
    .argument('<client>', 'claude-desktop, cursor, vscode, claude-code or windsurf')
    .argument('[names...]', 'connections to add (default: all)')
    .option('--print', 'show the snippet and a diff against the current file (default)')
    .option('--write', 'merge the entries into the file (backup first)')
    .option('--project <dir>', "use the client's project-scope file in <dir>")
    .option('--port <n>', 'the proxy port (default: KEYPORT_PORT, the setting, 8931)', parsePortOption)
    .action(async (client: string, names: string[], flags: ConnectFlags) => {
      if (flags.print && flags.write) throw new KeyportError('INVALID_INPUT', 'Choose one of --print and --write.');
      const deps = openClientDeps();
      try {
        const port = resolveCliPort(flags.port, deps.context);
        const outcome = await connectClient(deps, {
          client,
          names,
          port,
          write: flags.write === true,
          ...(flags.project === undefined ? {} : { projectDir: flags.project }),
        });
        const { plan, applied } = outcome;
        const earlier = `its earlier key (from \`keyport client add ${plan.row.id}\`, which Keyport does not keep)`;
        if (outcome.newKey === 'created') {
          const replaced = outcome.replacesKey ? `; ${earlier} no longer works` : '';
          process.stderr.write(`Made a new local key for ${plan.row.id}${replaced}.\n`);
        }
        if (outcome.newKey === 'pending') {
          const replaced = outcome.replacesKey ? `, and ${earlier} would stop working` : '';
          process.stderr.write(`Nothing changed: --write would make a local key for ${plan.row.id}${replaced}.\n`);
        }
        if (applied === null) {
          process.stdout.write(`# ${plan.row.label}: ${plan.configPath}\n${plan.snippet}`);
          process.stdout.write(plan.changed ? `\n${plan.diff}` : '\n# The file already has these entries.\n');
          if (plan.changed) process.stderr.write(`Run again with --write to merge this into ${plan.configPath}.\n`);
          return;
        }
        if (!applied.changed) {
          process.stdout.write(`${plan.configPath} already has these entries; nothing written.\n`);
          return;
        }
        process.stdout.write(
          `Wrote ${plan.configPath}${applied.backupPath ? ` (backup: ${applied.backupPath})` : ''}.\n`,
        );
        process.stdout.write(`Restart ${plan.row.label} to pick up the change.\n`);
      } finally {
        deps.finish();
      }
    });
}
