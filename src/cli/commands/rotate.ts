/** `keyport rotate <name> [--rollback] [--no-verify]`: swap in a new token (stdin/prompt), or roll back within 24 h. */
import type { Command } from 'commander';
import { withCliContext } from '../cli-context.js';
import { readSecret } from '../read-secret.js';
import { terminalSafe } from '../terminal-text.js';
import { describeToken } from './list.js';

interface RotateFlags {
  readonly rollback?: boolean;
  readonly verify: boolean;
  readonly expires?: string;
}

export function registerRotateCommand(program: Command): void {
  program
    .command('rotate')
    .description(
      'Replace a token (new one from stdin or a hidden prompt), verified before the swap; the old one is kept 24 h for --rollback.',
    )
    .argument('<name>', 'the connection')
    .option('--rollback', 'restore the token replaced by the last rotation (within 24 hours)')
    .option('--no-verify', 'swap without checking the new token with an MCP initialize')
    .option('--expires <when>', "the new token's expiry (default: the same lifetime as the old one)")
    .action(async (name: string, flags: RotateFlags) => {
      if (flags.rollback) {
        await withCliContext(async ({ tokens, core }) => {
          const summary = await tokens.rollback(name);
          process.stdout.write(`Rolled back ${describeToken(summary, core.clock.now())}\n`);
        });
        return;
      }
      const token = await readSecret({ prompt: `New token for ${name} (input hidden): ` });
      await withCliContext(async ({ tokens, core }) => {
        const summary = await tokens.rotate(
          { name, token, verify: flags.verify, ...(flags.expires !== undefined ? { expires: flags.expires } : {}) },
          { onVerified: (result) => process.stdout.write(`Verified: ${terminalSafe(result.serverName)}\n`) },
        );
        process.stdout.write(`Rotated ${describeToken(summary, core.clock.now())}\n`);
        if (summary.previous) {
          process.stdout.write(
            `The previous token is kept until ${summary.previous.until}: \`keyport rotate ${name} --rollback\`.\n`,
          );
        }
      });
    });
}
