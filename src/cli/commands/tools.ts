/**
 * `keyport tools <name> [--client <c>] [--json]`: the upstream's tools (a live `tools/list` with
 * the stored token, the cached list when the upstream is down) with their annotations and, per
 * client, allowed or denied. With `--deny/--allow/--only <t,…>`, `--read-only` or `--reset` it
 * changes the connection's rule, or the client's with `--client`; it returns once every running
 * proxy has applied the change.
 */
import type { Command } from 'commander';
import type { ToolPolicyView, ToolRuleChangeInput } from '../../contract/dto.js';
import { createToolPolicyService } from '../../core/tool-policy-service.js';
import { validateName } from '../../core/validate-input.js';
import { KeyportError } from '../../errors.js';
import { waitForProxiesToApply } from '../../proxy/applied-clients.js';
import { parseToolPatterns, patternMatches } from '../../tool-policy/tool-pattern.js';
import { withCliContext } from '../cli-context.js';
import { ruleLines, shown, sourceLine, toolTable } from '../format-tools.js';

interface ToolsFlags {
  readonly client?: string;
  readonly json?: boolean;
  readonly deny?: string;
  readonly allow?: string;
  readonly only?: string;
  readonly readOnly?: boolean;
  readonly reset?: boolean;
}

function changeOf(flags: ToolsFlags): ToolRuleChangeInput | undefined {
  const given: ToolRuleChangeInput[] = [];
  if (flags.deny !== undefined) given.push({ kind: 'deny', tools: parseToolPatterns(flags.deny, '--deny') });
  if (flags.allow !== undefined) given.push({ kind: 'allow', tools: parseToolPatterns(flags.allow, '--allow') });
  if (flags.only !== undefined) given.push({ kind: 'only', tools: parseToolPatterns(flags.only, '--only') });
  if (flags.readOnly) given.push({ kind: 'read-only' });
  if (flags.reset) given.push({ kind: 'reset' });
  if (given.length > 1) {
    throw new KeyportError(
      'INVALID_INPUT',
      'Give one of --deny, --allow, --only, --read-only and --reset at a time (run the command once per change).',
    );
  }
  return given[0];
}

/** Notes on a change against the last list: names no tool matches, a read-only rule that lets nothing through. */
function notes(view: ToolPolicyView, change: ToolRuleChangeInput): string[] {
  if (view.source === 'none') return [];
  const names = view.tools.map((tool) => tool.name);
  const out: string[] = [];
  if ('tools' in change) {
    for (const pattern of change.tools) {
      if (!names.some((name) => patternMatches(pattern, name))) {
        out.push(
          `Note: no tool of the last list matches "${shown(pattern, 80)}" (\`keyport tools ${view.connection}\` lists them again).`,
        );
      }
    }
  }
  if (change.kind === 'read-only' && !view.tools.some((tool) => tool.annotations.readOnlyHint === true)) {
    out.push('Note: no tool of the last list is annotated read-only, so this rule lets no tool through.');
  }
  return out;
}

function scopeText(view: ToolPolicyView, client: string | undefined): string {
  if (client === undefined) return `Connection ${view.connection}, every client: ${view.rule?.text ?? 'every tool'}.`;
  const own = view.clients.find((candidate) => candidate.name === client)?.rule ?? null;
  return own === null
    ? `Client ${client} on ${view.connection} follows the connection's rule: ${view.rule?.text ?? 'every tool'}.`
    : `Client ${client} on ${view.connection}: ${own.text}.`;
}

export function registerToolsCommand(program: Command): void {
  program
    .command('tools')
    .description(
      "List a connection's tools and who may use them, or narrow them: the proxy hides denied tools and refuses their calls.",
    )
    .argument('<name>', 'the connection')
    .option('--client <client>', 'one client (a local key name): show or change its rule')
    .option('--json', 'print JSON')
    .option('--deny <tools>', 'deny these tools (comma-separated; a trailing * matches a prefix)')
    .option('--allow <tools>', 'allow these tools again (comma-separated; a trailing * matches a prefix)')
    .option('--only <tools>', 'allow only these tools (comma-separated; a trailing * matches a prefix)')
    .option('--read-only', 'allow only tools annotated readOnlyHint: true')
    .option(
      '--reset',
      "remove the rule (a client follows the connection's rule again; the connection allows every tool)",
    )
    .action(async (name: string, flags: ToolsFlags) => {
      const change = changeOf(flags);
      const client = flags.client === undefined ? undefined : validateName(flags.client.trim().toLowerCase(), 'client');
      await withCliContext(async ({ core }) => {
        const service = createToolPolicyService(core);
        if (client !== undefined && change?.kind !== 'reset' && !Object.hasOwn(core.metadata.read().clients, client)) {
          throw new KeyportError(
            'NOT_FOUND',
            `No client named "${client}"; create its key with \`keyport client add ${client}\` (\`keyport client list\` shows the names).`,
          );
        }
        const view =
          change === undefined ? await service.view(name) : await service.change(name, client ?? null, change);
        if (change !== undefined) {
          // A running proxy applies the change when it reads metadata.json: wait for it to say so.
          const behind = await waitForProxiesToApply(core.dataDir, core.metadata.read());
          if (behind.length > 0) {
            process.stderr.write(
              `The running proxy (pid ${behind.join(', ')}) has not confirmed the change yet; it applies it as soon as it reads metadata.json.\n`,
            );
          }
        }
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
          return;
        }
        const now = core.clock.now();
        if (change !== undefined) {
          const lines = [scopeText(view, client), ...notes(view, change)];
          process.stdout.write(`${lines.join('\n')}\n`);
          return;
        }
        const lines = [sourceLine(view, now), ...ruleLines(view, client)];
        if (view.tools.length > 0) lines.push('', toolTable(view, client));
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
