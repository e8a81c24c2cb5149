/** `keyport resume <name>`: undo `keyport pause`. */
import type { Command } from 'commander';
import { setPausedCommand } from './pause.js';

export function registerResumeCommand(program: Command): void {
  program
    .command('resume')
    .description('Resume a paused connection.')
    .argument('<name>', 'the connection')
    .action((name: string) => setPausedCommand(name, false));
}
