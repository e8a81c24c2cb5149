// Every CLI command, one file each. Add a command: write commands/<name>.ts exporting
// `register<Name>Command(program)` and append it below.
import type { Command } from 'commander';

const registrations: ReadonlyArray<(program: Command) => void> = [];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
