/**
 * `keyport import [<client>…] [--project <dir>] [--dry-run] [--yes] [--verify] [--port <n>]`: moves
 * tokens hardcoded in client configs into the keychain and rewrites those entries to go
 * through Keyport. Lists tokens masked only.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { resolveCliPort } from '../../clients/cli-port.js';
import { applyImport, planImport, scanClients } from '../../clients/import-tokens.js';
import { createTokenService } from '../../core/token-service.js';
import { KeyportError } from '../../errors.js';
import { terminalSafe } from '../terminal-text.js';
import { openClientDeps, parsePortOption } from './connect.js';

interface ImportFlags {
  readonly project?: string;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly verify?: boolean;
  readonly port?: number;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new KeyportError('INVALID_INPUT', 'Not a terminal: pass --yes to import, or --dry-run to only list.');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'Move bearer tokens hardcoded in MCP client configs into the keychain and route those entries through Keyport.',
    )
    .argument('[clients...]', 'claude-desktop, cursor, vscode, claude-code, windsurf (default: all)')
    .option('--project <dir>', 'scan the clients’ project-scope files in <dir>')
    .option('--dry-run', 'only list what would move')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--verify', 'check each token with the upstream before storing it')
    .option('--port <n>', 'the proxy port for rewritten entries', parsePortOption)
    .action(async (clients: string[], flags: ImportFlags) => {
      const deps = openClientDeps();
      try {
        const found = await scanClients(deps, {
          clients,
          ...(flags.project === undefined ? {} : { projectDir: flags.project }),
        });
        if (found.length === 0) {
          process.stdout.write('No hardcoded bearer tokens found.\n');
          return;
        }
        const items = planImport(found, Object.keys(deps.context.metadata.read().connections));
        process.stdout.write(`Found ${items.length} hardcoded token${items.length === 1 ? '' : 's'}:\n`);
        for (const { candidate, name } of items) {
          process.stdout.write(
            `  ${candidate.client}  ${candidate.configPath}  "${terminalSafe(candidate.entry)}"  ${candidate.masked}  (${candidate.provider}) → connection ${name}\n`,
          );
        }
        if (flags.dryRun) return;
        const files = new Set(items.map((item) => item.candidate.configPath)).size;
        const go =
          flags.yes === true || (await confirm(`Move them into the keychain and rewrite ${files} file(s)? [y/N] `));
        if (!go) {
          process.stdout.write('Nothing changed.\n');
          return;
        }
        const tokens = createTokenService(deps.context);
        const port = resolveCliPort(flags.port, deps.context);
        const results = await applyImport(
          {
            ...deps,
            addConnection: (input) => tokens.add({ ...input, verify: flags.verify === true }),
          },
          items,
          { port },
        );
        for (const result of results) {
          process.stdout.write(
            `Rewrote ${result.configPath}${result.backupPath ? ` (backup: ${result.backupPath})` : ''}\n`,
          );
        }
        process.stdout.write(
          'The backups still hold the old tokens (owner-only, in the Keyport data folder): delete them once the clients work, ' +
            'and consider rotating tokens that were ever committed or shared.\n',
        );
      } finally {
        deps.finish();
      }
    });
}
