/** `keyport log [--follow] [--json] [-n <count>]`: the proxy's audit log (never secrets or arguments). */
import type { Command } from 'commander';
import type { AuditEntry } from '../../contract/dto.js';
import { auditLogPath } from '../../proxy/audit-log.js';
import { createAuditTail, readAudit } from '../../proxy/audit-reader.js';
import { withCliContext } from '../cli-context.js';
import { quietOnClosedPipe } from '../closed-pipe.js';
import { formatAuditEntry } from '../format-audit.js';
import { parseWholeNumber } from '../parse-options.js';

const FOLLOW_POLL_MS = 250;

export function registerLogCommand(program: Command): void {
  program
    .command('log')
    .description('Show the audit log: time, connection, client, method, tool, status, latency.')
    .option('--follow', 'keep printing new entries until Ctrl-C')
    .option('--json', 'one JSON object per line (control characters escaped by JSON)')
    .option('-n, --lines <count>', 'how many recent entries to show (default 50)', parseWholeNumber('-n'), 50)
    .action(async (flags: { readonly follow?: boolean; readonly json?: boolean; readonly lines: number }) => {
      const dataDir = await withCliContext(async ({ core }) => core.dataDir);
      const print = (entry: AuditEntry) =>
        process.stdout.write(`${flags.json ? JSON.stringify(entry) : formatAuditEntry(entry)}\n`);
      // Following starts at the file's current end before the history is read, so no line falls
      // between the two (one written in that instant may show twice).
      const tail = flags.follow
        ? await createAuditTail({ path: auditLogPath(dataDir), onEntries: (entries) => entries.forEach(print) })
        : undefined;
      const entries = (await readAudit(dataDir, { limit: flags.lines })).reverse();
      if (entries.length === 0 && !flags.follow && !flags.json) {
        process.stdout.write(
          'No requests logged yet (the proxy writes the log while `keyport serve` or the app runs).\n',
        );
      }
      entries.forEach(print);
      if (tail === undefined) return;
      tail.start(FOLLOW_POLL_MS);
      // The tail's timer never keeps a process alive (the app's must not): this one does, until Ctrl-C.
      const following = setInterval(() => undefined, 60_000);
      // The listeners stay: removing them would let a library's signal-exit hook re-raise the signal.
      await Promise.race([
        new Promise<void>((resolve) => {
          process.on('SIGINT', () => resolve());
          process.on('SIGTERM', () => resolve());
        }),
        quietOnClosedPipe(process.stdout),
      ]);
      clearInterval(following);
      tail.stop();
    });
}
