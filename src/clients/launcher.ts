/**
 * The command Keyport writes for stdio-only clients (Claude Desktop starts commands bare, without a
 * shell PATH). The one place that decides it, for the CLI and the desktop app alike:
 * - under plain Node: this node binary running the built CLI, `node …/dist/src/cli/keyport.js bridge <name>`;
 * - inside the packaged Electron app (RunAsNode fused off, so its binary cannot run a script as Node):
 *   the app binary in CLI mode, `Keyport --keyport-cli bridge <name>` (main/cli-launch.ts dispatches it);
 * - inside Electron run from source (`electron .`): the Electron binary needs the app folder first,
 *   `electron <app folder> --keyport-cli bridge <name>`.
 */
import { fileURLToPath } from 'node:url';
import type { BridgeLauncher } from './entry-shape.js';

/** The app binary runs the CLI when launched as `Keyport --keyport-cli <command> [args…]`. */
export const APP_CLI_FLAG = '--keyport-cli';

export interface LauncherHost {
  /** process.execPath: node, or the Keyport app binary inside Electron. */
  readonly execPath: string;
  /** process.versions.electron: set only inside the Electron app. */
  readonly electronVersion: string | undefined;
  /** The built CLI script (used only under plain Node). */
  readonly cliScript: string;
  /** Electron started as `electron <app folder>` (process.defaultApp): that folder; unset when packaged. */
  readonly unpackagedAppPath?: string | undefined;
}

/** Pure: the launcher for the given host. */
export function bridgeLauncher(host: LauncherHost): BridgeLauncher {
  if (host.electronVersion !== undefined) {
    const app = host.unpackagedAppPath;
    return { command: host.execPath, args: app === undefined ? [APP_CLI_FLAG] : [app, APP_CLI_FLAG] };
  }
  return { command: host.execPath, args: [host.cliScript] };
}

/** The built CLI next to this module in dist (dist/src/clients → dist/src/cli/keyport.js). */
export function builtCliScript(): string {
  return fileURLToPath(new URL('../cli/keyport.js', import.meta.url));
}

/** The launcher for this process; `overrides` replace what is read from `process`. */
export function currentLauncher(overrides: Partial<LauncherHost> = {}): BridgeLauncher {
  return bridgeLauncher({
    execPath: overrides.execPath ?? process.execPath,
    electronVersion: 'electronVersion' in overrides ? overrides.electronVersion : process.versions.electron,
    cliScript: overrides.cliScript ?? builtCliScript(),
    unpackagedAppPath: overrides.unpackagedAppPath,
  });
}
