/**
 * `keyport login <name>` signs an OAuth connection in again (its sign-in lapsed, or the server
 * wants more scope: the union is asked for); `keyport logout <name>` revokes its tokens where the
 * server supports RFC 7009 and forgets them.
 */
import type { Command } from 'commander';
import { createOAuthService } from '../../core/oauth-service.js';
import { withCliContext } from '../cli-context.js';
import { cliSignInHooks } from '../sign-in-hooks.js';
import { describeToken } from './list.js';

export function registerLoginCommand(program: Command): void {
  program
    .command('login')
    .description('Sign an OAuth connection in again in the browser (a lapsed sign-in, or more access).')
    .argument('<name>', 'the OAuth connection')
    .option('--no-browser', 'only print the sign-in URL, do not open a browser')
    .action(async (name: string, flags: { readonly browser: boolean }) => {
      await withCliContext(async ({ core }) => {
        const summary = await createOAuthService(core).login(name, cliSignInHooks({ browser: flags.browser }));
        process.stdout.write(`Signed in ${describeToken(summary, core.clock.now())}\n`);
      });
    });
  program
    .command('logout')
    .description('Revoke an OAuth connection’s tokens (where the server supports it) and forget them.')
    .argument('<name>', 'the OAuth connection')
    .action(async (name: string) => {
      await withCliContext(async ({ core }) => {
        const { revoked } = await createOAuthService(core).logout(name);
        const how =
          revoked === 'revoked'
            ? 'revoked at the server'
            : revoked === 'unsupported'
              ? 'the server offers no revocation'
              : 'the server did not confirm the revocation';
        process.stdout.write(`Signed out of ${name} (${how}); \`keyport login ${name}\` signs in again.\n`);
      });
    });
}
