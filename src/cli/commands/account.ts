/** `keyport account set|list|remove`: quotas shared by several tokens (e.g. 25,000 calls a month across 5 tokens). */
import type { Command } from 'commander';
import { withCliContext } from '../cli-context.js';
import { localDate, renderTable } from '../format-output.js';
import { parseWholeNumber } from '../parse-options.js';

export function registerAccountCommand(program: Command): void {
  const account = program
    .command('account')
    .description('Manage accounts: one quota shared by several tokens (`keyport add … --account <name>`).');

  account
    .command('set')
    .description('Create or change an account quota.')
    .argument('<name>', 'account name: lowercase letters, digits and dashes')
    .option(
      '--quota <calls>',
      'calls allowed per billing period (required for a new account)',
      parseWholeNumber('--quota'),
    )
    .option(
      '--reset-day <day>',
      'day of the month (1-28) the quota resets (default 1)',
      parseWholeNumber('--reset-day'),
    )
    .action(async (name: string, flags: { readonly quota?: number; readonly resetDay?: number }) => {
      await withCliContext(async ({ accounts }) => {
        const summary = await accounts.set({
          name,
          ...(flags.quota !== undefined ? { quota: flags.quota } : {}),
          ...(flags.resetDay !== undefined ? { resetDay: flags.resetDay } : {}),
        });
        process.stdout.write(
          `Account ${summary.name}: ${summary.limit} calls per period, resets on day ${summary.resetDay} (next ${localDate(summary.resetsAt)}).\n`,
        );
      });
    });

  account
    .command('list')
    .description('List accounts with their quota, use in the current period and tokens.')
    .option('--json', 'print a JSON array')
    .action(async (flags: { readonly json?: boolean }) => {
      await withCliContext(async ({ accounts }) => {
        const summaries = await accounts.list();
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
          return;
        }
        if (summaries.length === 0) {
          process.stdout.write(
            'No accounts. Create one: keyport account set <name> --quota <calls> --reset-day <1-28>\n',
          );
          return;
        }
        const rows = summaries.map((summary) => [
          summary.name,
          `${summary.used}/${summary.limit}`,
          localDate(summary.resetsAt),
          summary.tokens.join(', ') || '-',
        ]);
        process.stdout.write(`${renderTable(['ACCOUNT', 'USED/LIMIT', 'RESETS', 'TOKENS'], rows)}\n`);
      });
    });

  account
    .command('remove')
    .description('Delete an account (no token may still use it).')
    .argument('<name>', 'the account')
    .action(async (name: string) => {
      await withCliContext(async ({ accounts }) => {
        await accounts.remove(name);
        process.stdout.write(`Removed account ${name}.\n`);
      });
    });
}
