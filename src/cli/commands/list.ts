/**
 * `keyport list [--json] [--sort <key>]`: every connection with what needs attention, its masked
 * token, expiry, last use and quota — worst first by default, after a one-line summary, and with
 * the reason and the command that fixes it for each token that needs attention.
 */
import type { Command } from 'commander';
import type { AttentionFix, TokenSummary } from '../../contract/dto.js';
import { attentionSummary, sortTokens, TOKEN_SORT_KEYS, type TokenSortKey } from '../../core/token-order.js';
import { assertNever, KeyportError } from '../../errors.js';
import { formatCount } from '../../tokens/time-span.js';
import { localDate, relativeTime, renderTable } from '../format-output.js';
import { withCliContext } from '../cli-context.js';

export function formatExpiry(summary: TokenSummary, now: Date): string {
  const oauth = summary.oauth;
  if (oauth !== null) {
    // An OAuth connection: its access token (refreshed by the proxy) and, when the server said, its sign-in.
    if (oauth.signInNeeded) return 'sign-in needed';
    const access = oauth.accessExpiresAt
      ? `access token ${relativeTime(oauth.accessExpiresAt, now)}`
      : 'access token: no expiry';
    return oauth.signInExpiresAt ? `${access}; sign-in ${relativeTime(oauth.signInExpiresAt, now)}` : access;
  }
  if (summary.expiresAt === null) return 'never';
  return `${relativeTime(summary.expiresAt, now)} (${localDate(summary.expiresAt)})`;
}

export function formatQuota(summary: TokenSummary): string {
  const { quota } = summary;
  if (quota.limit === null) return quota.used > 0 ? `${formatCount(quota.used)} calls this period` : '-';
  const owner = quota.account ? ` [${quota.account}]` : '';
  return `${quota.used}/${quota.limit}${owner}${quota.resetsAt ? `, resets ${localDate(quota.resetsAt)}` : ''}`;
}

/** "ok", or the level and the reasons' labels: "critical: Expired, Rotation due". */
export function formatAttention(summary: TokenSummary): string {
  const { level, reasons } = summary.attention;
  const text = level === 'ok' ? 'ok' : `${level}: ${reasons.map((reason) => reason.label).join(', ')}`;
  return summary.previous ? `${text} (rollback possible)` : text;
}

/** The command that applies a fix; null where the CLI has none. */
export function fixCommand(fix: AttentionFix, name: string): string | null {
  switch (fix) {
    case 'rotate':
      return `keyport rotate ${name}`;
    case 'resume':
      return `keyport resume ${name}`;
    case 'test-again':
      return `keyport check ${name}`;
    case 'sign-in':
      return `keyport login ${name}`;
    default:
      return assertNever(fix);
  }
}

/** For each token that needs attention: its name and fix command, then one line per reason. */
export function formatReasons(summaries: readonly TokenSummary[]): string[] {
  const lines: string[] = [];
  for (const summary of summaries) {
    const { reasons } = summary.attention;
    if (reasons.length === 0) continue;
    const fix = reasons.find((reason) => reason.fix !== null)?.fix;
    const command = fix ? fixCommand(fix, summary.name) : null;
    lines.push(command ? `${summary.name} — fix: ${command}` : summary.name);
    for (const reason of reasons) lines.push(`  ${reason.sentence}`);
  }
  return lines;
}

/** One line for messages after add/rotate/set. */
export function describeToken(summary: TokenSummary, now: Date): string {
  return `${summary.name} (${summary.provider}/${summary.kind}, ${summary.masked}) → ${summary.url}; expires ${formatExpiry(summary, now)}; quota ${formatQuota(summary)}`;
}

function parseSortKey(value: string): TokenSortKey {
  const key = TOKEN_SORT_KEYS.find((candidate) => candidate === value.trim().toLowerCase());
  if (key === undefined) {
    throw new KeyportError(
      'INVALID_INPUT',
      `Unknown sort "${value.slice(0, 20)}": use one of ${TOKEN_SORT_KEYS.join(', ')} (--sort attention is the default).`,
    );
  }
  return key;
}

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('List stored tokens, what needs attention first: status, masked token, expiry, last use, quota.')
    .option('--json', 'print a JSON array (ISO 8601 dates, null where unknown; each token has `attention`)')
    .option('--sort <key>', `order: ${TOKEN_SORT_KEYS.join(', ')} (default: attention, worst first)`, parseSortKey)
    .action(async (flags: { readonly json?: boolean; readonly sort?: TokenSortKey }) => {
      await withCliContext(async ({ tokens, core }) => {
        const summaries = sortTokens(await tokens.list(), flags.sort ?? 'attention');
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
          return;
        }
        if (summaries.length === 0) {
          process.stdout.write('No tokens yet. Add one: printf %s "$TOKEN" | keyport add <name> --url <MCP URL>\n');
          return;
        }
        const now = core.clock.now();
        const rows = summaries.map((summary) => [
          summary.name,
          formatAttention(summary),
          `${summary.provider}/${summary.kind}`,
          summary.masked,
          summary.url,
          formatExpiry(summary, now),
          summary.lastUsedAt ? relativeTime(summary.lastUsedAt, now) : 'never',
          formatQuota(summary),
        ]);
        const table = renderTable(
          ['NAME', 'ATTENTION', 'PROVIDER/KIND', 'TOKEN', 'UPSTREAM', 'EXPIRES', 'LAST USED', 'QUOTA'],
          rows,
        );
        const reasons = formatReasons(summaries);
        const out = [attentionSummary(summaries), '', table, ...(reasons.length > 0 ? ['', ...reasons] : [])];
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });
}
