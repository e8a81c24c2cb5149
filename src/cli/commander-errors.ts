/**
 * Commander's own errors (unknown command or option, missing argument…) in the CLI's one-line
 * form: `keyport: unknown command 'lst' (did you mean list?)`. Commander prints `error: …` and
 * its suggestion on a second line; each command gets an outputError that joins them and, when
 * there is no suggestion, names that command's --help.
 */
import type { Command } from 'commander';

export function oneLineCommanderError(message: string, commandPath: string): string {
  const text = message
    .trim()
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*\(Did you mean/g, ' (did you mean')
    .replace(/\s*\n\s*/g, ' ');
  const hint = /\(did you mean /.test(text) ? '' : `; see \`${commandPath} --help\``;
  return `keyport: ${text}${hint}\n`;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/** Gives `program` and every command below it the one-line error output. */
export function useOneLineErrors(program: Command): void {
  const path = commandPath(program);
  program.configureOutput({ outputError: (message, write) => write(oneLineCommanderError(message, path)) });
  for (const command of program.commands) useOneLineErrors(command);
}
