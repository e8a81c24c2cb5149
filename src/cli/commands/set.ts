/** `keyport set <name> [...]`: change a connection's URL, expiry, quota, account, keyless access or CA. */
import type { Command } from 'commander';
import { KeyportError } from '../../errors.js';
import { readCaFile } from '../../net/trust-store.js';
import { withCliContext } from '../cli-context.js';
import { isNone, parseNumberOrNone, parseWholeNumber } from '../parse-options.js';
import { describeToken } from './list.js';

interface SetFlags {
  readonly url?: string;
  readonly expires?: string;
  readonly quota?: number | 'none';
  readonly resetDay?: number;
  readonly account?: string;
  readonly allowKeyless?: boolean;
  readonly requireKey?: boolean;
  readonly ca?: string;
}

export function registerSetCommand(program: Command): void {
  program
    .command('set')
    .description("Change a connection's settings (the token itself changes with `keyport rotate`).")
    .argument('<name>', 'the connection')
    .option('--url <url>', 'a new upstream MCP endpoint')
    .option('--expires <when>', '7d, 30d, 90d, 1y, never or YYYY-MM-DD')
    .option('--quota <calls|none>', "this token's own quota per period; none removes it", parseNumberOrNone('--quota'))
    .option('--reset-day <day>', "day of the month (1-28) this token's quota resets", parseWholeNumber('--reset-day'))
    .option('--account <name|none>', 'share an account quota; none detaches')
    .option('--allow-keyless', 'let local clients use this connection without a local key')
    .option('--require-key', 'require a local client key again (the default)')
    .option('--ca <pem file|none>', "trust this CA for the upstream's certificate; none removes it")
    .action(async (name: string, flags: SetFlags) => {
      if (flags.allowKeyless && flags.requireKey) {
        throw new KeyportError('INVALID_INPUT', 'Choose one of --allow-keyless and --require-key.');
      }
      const keyless = flags.allowKeyless ? true : flags.requireKey ? false : undefined;
      const account = flags.account === undefined ? undefined : isNone(flags.account) ? null : flags.account;
      const quota = flags.quota === 'none' ? null : flags.quota;
      const ca = flags.ca === undefined ? undefined : isNone(flags.ca) ? null : readCaFile(flags.ca);
      const changes = {
        ...(flags.url !== undefined ? { url: flags.url } : {}),
        ...(flags.expires !== undefined ? { expires: flags.expires } : {}),
        ...(quota !== undefined ? { quota } : {}),
        ...(flags.resetDay !== undefined ? { resetDay: flags.resetDay } : {}),
        ...(account !== undefined ? { account } : {}),
        ...(keyless !== undefined ? { allowKeyless: keyless } : {}),
        ...(ca !== undefined ? { ca } : {}),
      };
      if (Object.keys(changes).length === 0) {
        throw new KeyportError('INVALID_INPUT', 'Nothing to change; see `keyport set --help` for the options.');
      }
      await withCliContext(async ({ tokens, core }) => {
        const summary = await tokens.update({ name, ...changes });
        process.stdout.write(`Updated ${describeToken(summary, core.clock.now())}\n`);
      });
    });
}
