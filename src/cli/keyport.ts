#!/usr/bin/env node
// The `keyport` executable: parse argv, run the command, map failures to a one-line reason and exit 1.
// `keyport bridge` skips commander and the rest of the CLI: MCP clients spawn it and wait for it.
// `keyport serve [--port <n>]` skips commander too: the proxy runs for hours, and every module
// loaded at start stays resident (test/src/cli/serve-modules.test.ts guards what serve loads).
const command = process.argv[2];
if (command === 'bridge') {
  const { runBridgeCli } = await import('../bridge/bridge-cli.js');
  process.exitCode = await runBridgeCli(process.argv.slice(3));
} else {
  // Before the proxy's modules load: see startup-memory.ts.
  const release = command === 'serve' ? (await import('./startup-memory.js')).holdStartupMemory() : undefined;
  const serve = command === 'serve' ? await import('./commands/serve.js') : undefined;
  const flags = serve?.serveFlagsFrom(process.argv.slice(3));
  if (serve && flags) {
    const { reportFailure } = await import('./report-failure.js');
    process.exitCode = await serve.serveCommand(flags, { onStarted: release }).then(() => 0, reportFailure);
  } else {
    release?.();
    const { runCli } = await import('./run-cli.js');
    process.exitCode = await runCli(process.argv);
  }
}
