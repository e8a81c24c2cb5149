/**
 * `keyport bridge <name>`: listed here for `--help`; keyport.ts runs it before commander loads
 * (src/bridge/bridge-cli.ts) so MCP clients that spawn it get an answer fast.
 */
import type { Command } from 'commander';

export function registerBridgeCommand(program: Command): void {
  program
    .command('bridge')
    .description('Relay a stdio MCP client (e.g. Claude Desktop) to the proxy route of connection <name>.')
    .argument('<name>', 'the connection')
    .option('--port <n>', 'the proxy port (default: KEYPORT_PORT, the setting, 8931)')
    .option('--client <id>', 'whose local key to use', 'claude-desktop')
    .action(async (name: string, flags: { port?: string; client: string }) => {
      const { runBridgeCli } = await import('../../bridge/bridge-cli.js');
      const args = [name, '--client', flags.client, ...(flags.port === undefined ? [] : ['--port', flags.port])];
      process.exitCode = await runBridgeCli(args);
    });
}
