/** `keyport add <name> --url <url> [...]`: store a token (read from stdin or a hidden prompt) for an upstream. */
import type { Command } from 'commander';
import { parseHeaderTemplate, QUERY_PARAM_WARNING } from '../../credentials/header-templates.js';
import { parseTokenTtl } from '../../credentials/token-command.js';
import { readCaFile } from '../../net/trust-store.js';
import { createOAuthService } from '../../core/oauth-service.js';
import { KeyportError } from '../../errors.js';
import { withCliContext } from '../cli-context.js';
import { cliSignInHooks } from '../sign-in-hooks.js';
import { collect, parseWholeNumber } from '../parse-options.js';
import { readSecret } from '../read-secret.js';
import { terminalSafe } from '../terminal-text.js';
import { describeToken } from './list.js';

interface AddFlags {
  readonly url: string;
  readonly header: string[];
  readonly queryParam?: string;
  readonly tokenCommand?: string;
  readonly tokenTtl?: number;
  readonly oauth?: boolean;
  readonly scope?: string;
  readonly clientId?: string;
  readonly browser: boolean;
  readonly expires?: string;
  readonly quota?: number;
  readonly resetDay?: number;
  readonly account?: string;
  readonly allowKeyless?: boolean;
  readonly ca?: string;
  readonly verify: boolean;
}

/** What every kind of connection takes from the flags: expiry, quota, account, keyless access, CA. */
function connectionFields(flags: AddFlags, ca: string | undefined) {
  return {
    ...(flags.expires !== undefined ? { expires: flags.expires } : {}),
    ...(flags.quota !== undefined ? { quota: flags.quota } : {}),
    ...(flags.resetDay !== undefined ? { resetDay: flags.resetDay } : {}),
    ...(flags.account !== undefined ? { account: flags.account } : {}),
    ...(flags.allowKeyless ? { allowKeyless: true } : {}),
    ...(ca !== undefined ? { ca } : {}),
  };
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
    .option(
      '--header <"Name: template">',
      'send the token in this header ({token} marks where; repeatable; default "Authorization: Bearer {token}")',
      collect,
      [],
    )
    .option('--query-param <name>', 'also send the token as this query parameter (URLs leak: avoid if you can)')
    .option('--token-command <command>', 'get the token by running this command (no shell; its stdout is the token)')
    .option(
      '--token-ttl <duration>',
      "how long the command's token is used: 300, 90s, 5m, 1h (default 5m)",
      parseTokenTtl,
    )
    .option('--oauth', 'sign in with OAuth in the browser instead of storing a token')
    .option('--scope <scopes>', 'OAuth: the scope to ask for (default: what the server asks for)')
    .option('--client-id <id>', "OAuth: a pre-registered client's id (its secret, if any, from stdin or a prompt)")
    .option('--no-browser', 'OAuth: only print the sign-in URL, do not open a browser')
    .addHelpText(
      'after',
      '\nExamples:\n  printf %s "$TOKEN" | keyport add github --url https://api.githubcopilot.com/mcp/ --expires 90d\n' +
        '  printf %s "$KEY" | keyport add acme --url https://mcp.acme.dev/mcp --header \'X-API-Key: {token}\'\n' +
        '  keyport add gh --url https://api.githubcopilot.com/mcp/ --token-command "gh auth token"\n' +
        '  keyport add linear --url https://mcp.linear.app/mcp --oauth',
    )
    .action(async (name: string, flags: AddFlags) => {
      const ca = flags.ca === undefined ? undefined : readCaFile(flags.ca);
      if (flags.oauth) {
        await addOAuth(name, flags, ca);
        return;
      }
      if (flags.scope !== undefined || flags.clientId !== undefined) {
        throw new KeyportError('INVALID_INPUT', '--scope and --client-id go with --oauth.');
      }
      const headers = flags.header.map(parseHeaderTemplate);
      if (flags.queryParam !== undefined) process.stderr.write(`keyport: warning: ${QUERY_PARAM_WARNING}\n`);
      const token =
        flags.tokenCommand === undefined
          ? await readSecret({ prompt: `Token for ${name} (input hidden): ` })
          : undefined;
      await withCliContext(async ({ tokens, core }) => {
        const summary = await tokens.add(
          {
            name,
            url: flags.url,
            ...(token !== undefined ? { token } : {}),
            ...(headers.length > 0 ? { headers } : {}),
            ...(flags.queryParam !== undefined ? { queryParam: flags.queryParam } : {}),
            ...(flags.tokenCommand !== undefined ? { tokenCommand: flags.tokenCommand } : {}),
            ...(flags.tokenTtl !== undefined ? { tokenTtlSeconds: flags.tokenTtl } : {}),
            verify: flags.verify,
            ...connectionFields(flags, ca),
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

async function addOAuth(name: string, flags: AddFlags, ca: string | undefined): Promise<void> {
  if (flags.header.length > 0 || flags.queryParam !== undefined || flags.tokenCommand !== undefined) {
    throw new KeyportError(
      'INVALID_INPUT',
      '--oauth sends its access token as "Authorization: Bearer"; leave out --header, --query-param and --token-command.',
    );
  }
  if (flags.verify === false)
    throw new KeyportError('INVALID_INPUT', '--oauth always verifies the sign-in; leave out --no-verify.');
  const clientSecret =
    flags.clientId === undefined
      ? undefined
      : (await readSecret({ prompt: `Client secret for ${flags.clientId} (input hidden; empty if none): ` })).trim();
  await withCliContext(async ({ core }) => {
    const summary = await createOAuthService(core).add(
      {
        name,
        url: flags.url,
        ...(flags.scope !== undefined ? { scope: flags.scope } : {}),
        ...(flags.clientId !== undefined ? { clientId: flags.clientId } : {}),
        ...(clientSecret ? { clientSecret } : {}),
        ...connectionFields(flags, ca),
      },
      cliSignInHooks({ browser: flags.browser }),
    );
    process.stdout.write(`Signed in and added ${describeToken(summary, core.clock.now())}\n`);
  });
}
