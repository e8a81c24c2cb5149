#!/usr/bin/env node
// The `keyport` executable: parse argv, run the command, map failures to a one-line reason and exit 1.
// `keyport bridge` skips commander and the rest of the CLI: MCP clients spawn it and wait for it.
if (process.argv[2] === 'bridge') {
  const { runBridgeCli } = await import('../bridge/bridge-cli.js');
  process.exitCode = await runBridgeCli(process.argv.slice(3));
} else {
  const { runCli } = await import('./run-cli.js');
  process.exitCode = await runCli(process.argv);
}
