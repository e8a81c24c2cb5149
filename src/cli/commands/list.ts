/** `keyport list [--json]`: every connection with its masked token, status, expiry, last use and quota. */
import type { Command } from 'commander';
import type { TokenSummary } from '../../contract/dto.js';
import { localDate, relativeTime, renderTable } from '../format-output.js';
import { withCliContext } from '../cli-context.js';

export function formatExpiry(summary: TokenSummary, now: Date): string {
  if (summary.expiresAt === null) return 'never';
  return `${relativeTime(summary.expiresAt, now)} (${localDate(summary.expiresAt)})`;
}

export function formatQuota(summary: TokenSummary): string {
  const { quota } = summary;
  if (quota.limit === null) return '-';
  const owner = quota.account ? ` [${quota.account}]` : '';
  return `${quota.used}/${quota.limit}${owner}${quota.resetsAt ? `, resets ${localDate(quota.resetsAt)}` : ''}`;
}

export function formatStatus(summary: TokenSummary): string {
  const notes: string[] = [summary.status];
  if (summary.rotationDue) notes.push(`rotate: ${summary.ageDays} days old`);
  if (summary.previous) notes.push('rollback possible');
  return notes.join(', ');
}

/** One line for messages after add/rotate/set. */
export function describeToken(summary: TokenSummary, now: Date): string {
  return `${summary.name} (${summary.provider}/${summary.kind}, ${summary.masked}) → ${summary.url}; expires ${formatExpiry(summary, now)}; quota ${formatQuota(summary)}`;
}

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('List stored tokens: masked token, upstream, status, expiry, last use and quota.')
    .option('--json', 'print a JSON array (ISO 8601 dates, null where unknown)')
    .action(async (flags: { readonly json?: boolean }) => {
      await withCliContext(async ({ tokens, core }) => {
        const summaries = await tokens.list();
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
          return;
        }
        if (summaries.length === 0) {
          process.stdout.write('No tokens yet. Add one: printf %s "$TOKEN" | keyport add <name> --url <MCP URL>\n');
          return;
        }
        const now = core.clock.now();
        const rows = summaries.map((summary) => [
          summary.name,
          `${summary.provider}/${summary.kind}`,
          summary.masked,
          summary.url,
          formatStatus(summary),
          formatExpiry(summary, now),
          summary.lastUsedAt ? relativeTime(summary.lastUsedAt, now) : 'never',
          formatQuota(summary),
        ]);
        process.stdout.write(
          `${renderTable(['NAME', 'PROVIDER/KIND', 'TOKEN', 'UPSTREAM', 'STATUS', 'EXPIRES', 'LAST USED', 'QUOTA'], rows)}\n`,
        );
      });
    });
}
