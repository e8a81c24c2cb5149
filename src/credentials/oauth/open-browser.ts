/**
 * Opens the authorization URL: with the command in BROWSER when it is set (the convention git and
 * Python's webbrowser follow: entries separated like PATH, `%s` replaced by the URL or the URL
 * appended), else the OS default (open, xdg-open, rundll32). Started without a shell and without
 * waiting for it: the loopback callback is served while the browser runs. The URL holds no
 * secret (a PKCE challenge and a `state` value).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { splitCommandLine } from '../token-command.js';

export type BrowserOpener = (url: string) => void;

function browserCommand(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, url: string): string[] {
  const configured = env.BROWSER?.split(path.delimiter).find((entry) => entry.trim() !== '');
  if (configured !== undefined) {
    const argv = splitCommandLine(configured);
    return argv.some((arg) => arg.includes('%s')) ? argv.map((arg) => arg.split('%s').join(url)) : [...argv, url];
  }
  if (platform === 'darwin') return ['open', url];
  if (platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler', url];
  return ['xdg-open', url];
}

export function systemBrowserOpener(options: {
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  /** Told when the browser could not be started (the URL was printed anyway). */
  readonly onError?: (message: string) => void;
}): BrowserOpener {
  const env = options.env ?? process.env;
  return (url) => {
    let argv: string[];
    try {
      argv = browserCommand(env, options.platform ?? process.platform, url);
    } catch (error) {
      options.onError?.(`BROWSER cannot be used (${error instanceof Error ? error.message : 'invalid'})`);
      return;
    }
    const [program, ...args] = argv;
    const child = spawn(program!, args, { stdio: 'ignore', detached: true, shell: false, windowsHide: true });
    child.on('error', (error: NodeJS.ErrnoException) =>
      options.onError?.(`could not start ${program} (${error.code ?? 'error'}); open the URL yourself`),
    );
    child.unref();
  };
}
