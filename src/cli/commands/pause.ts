/** `keyport pause <name>`: the proxy refuses calls for this connection until `keyport resume`. */
import type { Command } from 'commander';
import { withCliContext } from '../cli-context.js';

export async function setPausedCommand(name: string, paused: boolean): Promise<void> {
  await withCliContext(async ({ tokens }) => {
    const summary = await tokens.setPaused(name, paused);
    process.stdout.write(`${summary.name} is ${paused ? 'paused' : `active again (status ${summary.status})`}.\n`);
  });
}

export function registerPauseCommand(program: Command): void {
  program
    .command('pause')
    .description('Pause a connection: the proxy refuses its calls until `keyport resume`.')
    .argument('<name>', 'the connection')
    .action((name: string) => setPausedCommand(name, true));
}
