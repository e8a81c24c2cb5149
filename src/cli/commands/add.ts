/** `keyport add <name> --url <url> [...]`: store a token (read from stdin or a hidden prompt) for an upstream. */
import type { Command } from 'commander';
import { readCaFile } from '../../net/trust-store.js';
import { withCliContext } from '../cli-context.js';
import { parseWholeNumber } from '../parse-options.js';
import { readSecret } from '../read-secret.js';
import { terminalSafe } from '../terminal-text.js';
import { describeToken } from './list.js';

interface AddFlags {
  readonly url: string;
  readonly expires?: string;
  readonly quota?: number;
  readonly resetDay?: number;
  readonly account?: string;
  readonly allowKeyless?: boolean;
  readonly ca?: string;
  readonly verify: boolean;
}

export function registerAddCommand(program: Command): void {
  program
    .command('add')
    .description(
      'Store the token of a remote MCP server in the OS keychain (token read from stdin or a hidden prompt).',
    )
    .argument('<name>', 'connection name: lowercase letters, digits and dashes')
    .requiredOption('--url <url>', 'the upstream MCP endpoint (https; http only for localhost)')
    .option('--expires <when>', 'when the token expires: 7d, 30d, 90d, 1y, never or YYYY-MM-DD')
    .option('--quota <calls>', 'calls allowed per billing period for this token', parseWholeNumber('--quota'))
    .option(
      '--reset-day <day>',
      'day of the month (1-28) the quota resets (default 1)',
      parseWholeNumber('--reset-day'),
    )
    .option('--account <name>', 'count calls against a shared account quota (see `keyport account set`)')
    .option('--allow-keyless', 'let local clients that cannot send headers use this connection without a local key')
    .option('--ca <pem file>', "trust this CA for the upstream's certificate (a network that inspects TLS)")
    .option('--no-verify', 'skip checking the token with an MCP initialize against the upstream')
    .addHelpText(
      'after',
      '\nExample:\n  printf %s "$TOKEN" | keyport add github --url https://api.githubcopilot.com/mcp/ --expires 90d',
    )
    .action(async (name: string, flags: AddFlags) => {
      const ca = flags.ca === undefined ? undefined : readCaFile(flags.ca);
      const token = await readSecret({ prompt: `Token for ${name} (input hidden): ` });
      await withCliContext(async ({ tokens, core }) => {
        const summary = await tokens.add(
          {
            name,
            url: flags.url,
            token,
            verify: flags.verify,
            ...(flags.expires !== undefined ? { expires: flags.expires } : {}),
            ...(flags.quota !== undefined ? { quota: flags.quota } : {}),
            ...(flags.resetDay !== undefined ? { resetDay: flags.resetDay } : {}),
            ...(flags.account !== undefined ? { account: flags.account } : {}),
            ...(flags.allowKeyless ? { allowKeyless: true } : {}),
            ...(ca !== undefined ? { ca } : {}),
          },
          {
            onVerified: (result) =>
              process.stdout.write(
                `Verified: ${terminalSafe(result.serverName)}${result.serverVersion ? ` ${terminalSafe(result.serverVersion)}` : ''}` +
                  `${result.toolCount === null ? '' : `, ${result.toolCount} tools`}\n`,
              ),
          },
        );
        process.stdout.write(`Added ${describeToken(summary, core.clock.now())}\n`);
      });
    });
}
