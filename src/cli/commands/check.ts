/**
 * `keyport check [<name>…] [--json]`: verifies tokens now with an MCP initialize (no tool call,
 * no quota spent) and records ok / rejected / unreachable for `list`, the app and the tray.
 */
import type { Command } from 'commander';
import { isKeyportError, KeyportError } from '../../errors.js';
import { withCliContext } from '../cli-context.js';
import { terminalSafe } from '../terminal-text.js';
import { ownEntry } from '../../store/own-entry.js';

interface CheckRow {
  readonly name: string;
  readonly state: 'ok' | 'rejected' | 'unreachable' | 'error';
  readonly detail: string;
}

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('Verify tokens against their upstreams now (MCP initialize; spends no quota).')
    .argument('[names...]', 'connections to check (default: all that are not paused)')
    .option('--json', 'print a JSON array of { name, state, detail }')
    .action(async (names: readonly string[], flags: { readonly json?: boolean }) => {
      const rows = await withCliContext(async ({ core, tokens }) => {
        const metadata = core.metadata.read();
        for (const name of names) {
          if (!ownEntry(metadata.connections, name)) {
            throw new KeyportError('NOT_FOUND', `No connection named "${name}"; see \`keyport list\`.`);
          }
        }
        const selected =
          names.length > 0
            ? names
            : Object.values(metadata.connections)
                .filter((connection) => !connection.paused)
                .map((connection) => connection.name)
                .sort();
        return Promise.all(
          selected.map(async (name): Promise<CheckRow> => {
            try {
              const result = await tokens.test({ name });
              return {
                name,
                state: 'ok',
                detail: `${result.serverName}${result.toolCount === null ? '' : `, ${result.toolCount} tools`}`,
              };
            } catch (error) {
              const code = isKeyportError(error) ? error.code : 'INTERNAL';
              const state = code === 'TOKEN_REJECTED' ? 'rejected' : /^UPSTREAM_/.test(code) ? 'unreachable' : 'error';
              const detail = isKeyportError(error) ? error.message : 'Unexpected error.';
              return { name, state, detail };
            }
          }),
        );
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else if (rows.length === 0) process.stdout.write('No connections to check. Add one with `keyport add`.\n');
      else for (const row of rows) process.stdout.write(`${row.name}: ${row.state} — ${terminalSafe(row.detail)}\n`);
      const failed = rows.filter((row) => row.state !== 'ok').length;
      if (failed > 0) {
        throw new KeyportError('VERIFY_FAILED', `${failed} of ${rows.length} connection(s) failed the check.`);
      }
    });
}
