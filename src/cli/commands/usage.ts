/** `keyport usage [<name>] [--json]`: calls this period, requests by method and client, last use, provider quota. */
import type { Command } from 'commander';
import { summarizeConnection } from '../../core/token-summary.js';
import { KeyportError } from '../../errors.js';
import { localDate, renderTable } from '../format-output.js';
import { withCliContext } from '../cli-context.js';
import { terminalSafe } from '../terminal-text.js';
import { ownEntry } from '../../store/own-entry.js';

export function registerUsageCommand(program: Command): void {
  program
    .command('usage')
    .description('Show what the proxy metered: quota use, requests per method and client, last use.')
    .argument('[name]', 'one connection (default: all)')
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, flags: { readonly json?: boolean }) => {
      await withCliContext(async ({ core }) => {
        const metadata = core.metadata.read();
        const usage = core.usage.read();
        const now = core.clock.now();
        if (name !== undefined && !ownEntry(metadata.connections, name)) {
          throw new KeyportError('NOT_FOUND', `No connection named "${name}"; see \`keyport list\`.`);
        }
        const connections = Object.values(metadata.connections)
          .filter((connection) => name === undefined || connection.name === name)
          .sort((a, b) => a.name.localeCompare(b.name));
        const rows = connections.map((connection) => {
          const summary = summarizeConnection(connection, metadata, usage, now);
          const used = ownEntry(usage.connections, connection.name);
          return {
            name: connection.name,
            lastUsedAt: summary.lastUsedAt,
            quota: summary.quota,
            totalRequests: used?.totalRequests ?? 0,
            byMethod: used?.byMethod ?? {},
            byClient: used?.byClient ?? {},
            daily: used?.daily ?? {},
          };
        });
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(name === undefined ? rows : rows[0], null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('No connections yet. Add one with `keyport add`.\n');
          return;
        }
        const top = (counts: Record<string, number>) =>
          Object.entries(counts)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 3)
            .map(([key, value]) => `${terminalSafe(key)} ${value}`)
            .join(', ') || '-';
        const table = rows.map((row) => [
          row.name,
          row.quota.limit === null ? `${row.quota.used}` : `${row.quota.used}/${row.quota.limit}`,
          String(row.totalRequests),
          top(row.byMethod),
          top(row.byClient),
          row.lastUsedAt ? localDate(row.lastUsedAt) : 'never',
        ]);
        process.stdout.write(
          `${renderTable(['NAME', 'CALLS (PERIOD)', 'REQUESTS', 'TOP METHODS', 'TOP CLIENTS', 'LAST USED'], table)}\n`,
        );
      });
    });
}
