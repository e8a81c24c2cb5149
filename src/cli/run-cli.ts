import { Command, CommanderError } from 'commander';
import { quietOnClosedPipe } from './closed-pipe.js';
import { useOneLineErrors } from './commander-errors.js';
import { reportFailure } from './report-failure.js';

/**
 * `keyport serve` registers only itself: the other commands' modules (client config writers,
 * diff, jsonc-parser…) would stay resident for the proxy's whole life (~1 MB) for nothing.
 */
async function registrationFor(command: string | undefined): Promise<(program: Command) => void> {
  if (command === 'serve') return (await import('./commands/serve.js')).registerServeCommand;
  return (await import('./commands/index.js')).registerCommands;
}

/** Builds the program, runs it and returns the exit code. Failures print one line on stderr. */
export async function runCli(argv: readonly string[]): Promise<number> {
  void quietOnClosedPipe(process.stdout);
  void quietOnClosedPipe(process.stderr);
  const program = new Command('keyport')
    .description('Keep MCP server tokens in the OS keychain and proxy local MCP clients to remote servers.')
    .exitOverride();
  (await registrationFor(argv[2]))(program);
  useOneLineErrors(program);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    return reportFailure(error);
  }
}
