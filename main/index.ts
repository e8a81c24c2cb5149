/**
 * The desktop app's entry (package.json "main": dist/main/index.js): the composition root.
 * Real seams in, boot order in boot.ts. A failure at start is shown in a dialog, never as a
 * stack trace (the message names the fix; unknown errors stay generic).
 */
import { fileURLToPath } from 'node:url';
import { app, dialog } from 'electron';
import { toErrorInfo } from '../src/errors.js';
import { createLineLogger } from '../src/logger.js';
import { bootApp } from './boot.js';
import { createCoreRuntime } from './core-runtime.js';

const fromHere = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const logger = createLineLogger({
  write: (line) => process.stderr.write(line),
  level: process.env.KEYPORT_DEBUG === '1' ? 'debug' : 'info',
});

bootApp({
  argv: process.argv,
  env: process.env,
  platform: process.platform,
  execPath: process.execPath,
  preloadPath: fromHere('./preload.cjs'),
  indexHtmlPath: fromHere('../renderer/index.html'),
  logger,
  // Same dispatch as src/cli/keyport.ts: `bridge` skips commander (MCP clients wait for it).
  runCli: async (argv) =>
    argv[2] === 'bridge'
      ? (await import('../src/bridge/bridge-cli.js')).runBridgeCli(argv.slice(3))
      : (await import('../src/cli/run-cli.js')).runCli(argv),
  createRuntime: createCoreRuntime,
}).catch((error: unknown) => {
  const info = toErrorInfo(error);
  logger.error('Keyport could not start', { code: info.code });
  dialog.showErrorBox('Keyport could not start', info.message);
  app.exit(1);
});
