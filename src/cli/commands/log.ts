/** `keyport log [--follow] [--json] [-n <count>]`: the proxy's audit log (never secrets or arguments). */
import type { Command } from 'commander';
import { followAudit, formatAuditEntry, readAuditTail } from '../../proxy/audit-reader.js';
import type { AuditEntry } from '../../proxy/audit-log.js';
import { withCliContext } from '../cli-context.js';

export function registerLogCommand(program: Command): void {
  program
    .command('log')
    .description('Show the audit log: time, connection, client, method, tool, status, latency.')
    .option('--follow', 'keep printing new entries until Ctrl-C')
    .option('--json', 'one JSON object per line')
    .option('-n, --lines <count>', 'how many recent entries to show', '50')
    .action(async (flags: { readonly follow?: boolean; readonly json?: boolean; readonly lines: string }) => {
      const dataDir = await withCliContext(async ({ core }) => core.dataDir);
      const print = (entry: AuditEntry) =>
        process.stdout.write(`${flags.json ? JSON.stringify(entry) : formatAuditEntry(entry)}\n`);
      const count = Math.max(0, Number.parseInt(flags.lines, 10) || 0);
      const entries = readAuditTail(dataDir, count);
      if (entries.length === 0 && !flags.follow && !flags.json) {
        process.stdout.write(
          'No requests logged yet (the proxy writes the log while `keyport serve` or the app runs).\n',
        );
      }
      entries.forEach(print);
      if (!flags.follow) return;
      const stop = followAudit(dataDir, print);
      // The listeners stay: removing them would let a library's signal-exit hook re-raise the signal.
      await new Promise<void>((resolve) => {
        process.on('SIGINT', () => resolve());
        process.on('SIGTERM', () => resolve());
      });
      stop();
    });
}
