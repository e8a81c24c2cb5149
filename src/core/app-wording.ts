/**
 * The core's messages name their fix as a `keyport …` command, which is right on a terminal and
 * wrong in a window. appText words the same fix in the app's terms ("rotate its token", "the
 * Tokens view", "Settings"); whatever no rule knows loses its command, so a GUI message never
 * tells the user to run one. Pure (no Node): main (notifications, tray) and the renderer use it.
 */
import type { ErrorInfo } from '../errors.js';
import { KEYCHAIN_INSTALL_HINT } from '../keychain/keychain-errors.js';

type Rule = readonly [RegExp, string | ((...groups: string[]) => string)];

const NAME = '([a-z0-9-]+)';

const RULES: readonly Rule[] = [
  [new RegExp(`use \`keyport rotate ${NAME}\` / \`keyport set ${NAME}\``), 'rotate its token instead'],
  [
    new RegExp(`store it again with \`keyport rotate ${NAME}\` \\(or \`keyport remove ${NAME}\` and add it again\\)`),
    (name) => `open ${name} and rotate its token (or remove it and add it again)`,
  ],
  [new RegExp(`Rotate again with \`keyport rotate ${NAME}\``), 'Rotate its token again'],
  [new RegExp(`store (?:a new one|it again) with \`keyport rotate ${NAME}\``), 'rotate its token'],
  [new RegExp(`[Ss]tore a new token with \`keyport rotate ${NAME}\``), 'Rotate its token'],
  [new RegExp(`resume it with \`keyport resume ${NAME}\``), 'resume it'],
  [new RegExp(`check the URL with \`keyport check ${NAME}\` and your network`), 'check the URL and your network'],
  [/`keyport list` shows the names/, 'the Tokens view shows the names'],
  [/see `keyport list`/, 'see the Tokens view'],
  [/add one with `keyport add`/, 'add one with Add token'],
  [/ \(is another `keyport serve` or the Keyport app running\?\)/, ' (is another Keyport running?)'],
  [
    /Stop it, or choose another port with `--port <n>` or KEYPORT_PORT\./,
    'Stop it, or choose another port in Settings.',
  ],
  [
    new RegExp(`run \`keyport import ${NAME}\` to move its token into Keyport`),
    'import it under Connect clients to move its token into Keyport',
  ],
  [/run `keyport doctor` and report it if it persists/, 'restart Keyport and report it if it persists'],
  [/ \(or add with --no-verify\)/, ' (or save it without a passed test)'],
  [/set a port with --port, KEYPORT_PORT or the port setting/, 'set a port in Settings'],
  [/run the command again/, 'try again'],
  [/; create it first with `keyport account set [^`]*`/, '; create the account first'],
  [/; `keyport account list` shows them/, ''],
  [/set one with --quota \(an account's reset day is set with `keyport account set`\)/, 'set a monthly quota first'],
  [/ with `keyport client add <client>`/, ' under Connect clients'],
  [new RegExp(`: run \`keyport login ${NAME}\``), ': open it and choose Sign in again'],
  [new RegExp(`sign in again with \`keyport login ${NAME}\``), 'sign in again'],
  [new RegExp(`run \`keyport login ${NAME}\` to sign in again asking for it`), 'sign in again to grant it'],
  [new RegExp(`change it with \`keyport set ${NAME} --token-command "<cmd>"\``), 'change its command'],
];

/** What remains of any command or flag after the rules: dropped, so no command ever shows. */
const LEFTOVER_COMMAND = /\s*\(?`keyport[^`]*`\)?/g;
const LEFTOVER_FLAG = /\s*`?--[a-z][a-z-]*(?: <[^>]+>)?`?/g;

export function appText(message: string): string {
  let text = message.replace(
    KEYCHAIN_INSTALL_HINT,
    'On Linux install and start a Secret Service such as gnome-keyring (it comes with most desktops) and log in ' +
      'to a desktop session; on macOS and Windows the system keychain is built in',
  );
  for (const [pattern, replacement] of RULES) {
    text =
      typeof replacement === 'string'
        ? text.replace(pattern, replacement)
        : text.replace(pattern, (...match: string[]) => replacement(...match.slice(1)));
  }
  return text
    .replace(LEFTOVER_COMMAND, '')
    .replace(LEFTOVER_FLAG, '')
    .replace(/\s+([.,;:])/g, '$1');
}

export function appError(error: ErrorInfo): ErrorInfo {
  return { code: error.code, message: appText(error.message) };
}
