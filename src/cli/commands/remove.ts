/** `keyport remove <name>`: delete the keychain items, the metadata and the usage of a connection. */
import type { Command } from 'commander';
import { withCliContext } from '../cli-context.js';

export function registerRemoveCommand(program: Command): void {
  program
    .command('remove')
    .description('Delete a connection: its token (and any previous one) from the keychain, its metadata and usage.')
    .argument('<name>', 'the connection')
    .action(async (name: string) => {
      await withCliContext(async ({ tokens }) => {
        await tokens.remove(name);
        process.stdout.write(`Removed ${name}: keychain items, metadata and usage deleted.\n`);
      });
    });
}
