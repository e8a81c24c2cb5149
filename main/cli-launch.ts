/**
 * With the RunAsNode fuse off, the packaged app cannot be used as a plain Node. So the app binary
 * itself runs the CLI (and `keyport bridge <name>` for Claude Desktop) when it is launched as
 * `Keyport --keyport-cli <command> [args…]`: main dispatches to the CLI before any window, tray
 * or single-instance lock, and exits with the CLI's code.
 */
import { APP_CLI_FLAG } from '../src/clients/launcher.js';

export const CLI_FLAG = APP_CLI_FLAG;

/** The CLI arguments after `--keyport-cli`, or null for a normal app launch. */
export function cliArgsFrom(argv: readonly string[]): string[] | null {
  const index = argv.indexOf(CLI_FLAG);
  if (index < 0) return null;
  return argv.slice(index + 1);
}

/** The argv runCli expects (commander's "node" convention: executable, script, args…). */
export function cliArgv(execPath: string, args: readonly string[]): string[] {
  return [execPath, 'keyport', ...args];
}
