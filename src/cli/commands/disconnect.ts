/** `keyport disconnect <client> [<name>…] [--project <dir>] [--print]`: removes exactly the entries Keyport added. */
import type { Command } from 'commander';
import { disconnectClient } from '../../clients/client-service.js';
import { openClientDeps } from './connect.js';

export function registerDisconnectCommand(program: Command): void {
  program
    .command('disconnect')
    .description("Remove Keyport's entries from an MCP client's config (other entries are kept; backup first).")
    .argument('<client>', 'claude-desktop, cursor, vscode, claude-code or windsurf')
    .argument('[names...]', 'connections to remove (default: every Keyport entry)')
    .option('--project <dir>', "use the client's project-scope file in <dir>")
    .option('--print', 'only show the diff')
    .action(async (client: string, names: string[], flags: { project?: string; print?: boolean }) => {
      const deps = openClientDeps();
      try {
        const { plan, applied } = await disconnectClient(deps, {
          client,
          names,
          write: flags.print !== true,
          ...(flags.project === undefined ? {} : { projectDir: flags.project }),
        });
        if (!plan.changed) {
          process.stdout.write(`${plan.configPath} has no Keyport entries to remove.\n`);
        } else if (applied === null) {
          process.stdout.write(plan.diff);
        } else {
          process.stdout.write(
            `Wrote ${plan.configPath}${applied.backupPath ? ` (backup: ${applied.backupPath})` : ''}.\n`,
          );
        }
      } finally {
        deps.finish();
      }
    });
}
