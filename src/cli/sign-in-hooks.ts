/**
 * How the CLI runs a sign-in for a person: the authorization URL on stderr (always — the browser
 * may be on another screen), the browser started with BROWSER or the OS default unless
 * --no-browser, and a line when the server asks for more access and the sign-in starts again.
 */
import { systemBrowserOpener } from '../credentials/oauth/open-browser.js';
import type { SignInHooks } from '../core/oauth-service.js';

export function cliSignInHooks(options: { readonly browser: boolean }): SignInHooks {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  return {
    openBrowser: options.browser
      ? systemBrowserOpener({ onError: (message) => say(`keyport: the browser did not open: ${message}.`) })
      : null,
    showUrl: (url) => say(`Sign in here (waiting for the browser to come back to Keyport):\n  ${url}`),
    onVerified: (result) =>
      process.stdout.write(
        `Verified: ${result.serverName}${result.serverVersion ? ` ${result.serverVersion}` : ''}` +
          `${result.toolCount === null ? '' : `, ${result.toolCount} tools`}\n`,
      ),
    onStepUp: (scope) => say(`The server needs more access: signing in again for scope "${scope}".`),
  };
}
