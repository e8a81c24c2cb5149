/**
 * `keyport tools` in words: where the list came from, the rules, and a table of the tools with
 * their annotations and, per client, allowed or denied. Names and descriptions come from the
 * upstream: their control characters are escaped (a server cannot write to the terminal).
 */
import type { ToolAnnotationsDto, ToolPolicyView, ToolRow } from '../contract/dto.js';
import { assertNever } from '../errors.js';
import { relativeTime, renderTable } from './format-output.js';
import { terminalSafe } from './terminal-text.js';

/** Upstream text for the terminal: control characters escaped (terminal-text.ts), cut to `max` characters. */
export function shown(text: string, max = 200): string {
  const safe = terminalSafe(text);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

const HINTS: ReadonlyArray<readonly [keyof ToolAnnotationsDto, string]> = [
  ['readOnlyHint', 'read-only'],
  ['destructiveHint', 'destructive'],
  ['idempotentHint', 'idempotent'],
  ['openWorldHint', 'open-world'],
];

/** The hints a tool's server set to true: "read-only, idempotent"; "-" for none. */
export function annotationText(annotations: ToolAnnotationsDto): string {
  const set = HINTS.filter(([hint]) => annotations[hint] === true).map(([, label]) => label);
  return set.length > 0 ? set.join(', ') : '-';
}

/** Where the list came from, in one line. */
export function sourceLine(view: ToolPolicyView, now: Date): string {
  const count = `${view.tools.length} tool${view.tools.length === 1 ? '' : 's'}`;
  const server = view.serverName === null ? '' : ` of ${shown(view.serverName, 80)}`;
  switch (view.source) {
    case 'live':
      return `${view.connection}: ${count}${server}, listed just now.`;
    case 'cache':
      return (
        `${view.connection}: the upstream could not be listed (${view.problem ?? 'unknown reason'}). ` +
        `Showing the ${count}${server} listed ${relativeTime(view.listedAt!, now)}.`
      );
    case 'none':
      return `${view.connection}: no tool list yet; \`keyport tools ${view.connection}\` lists them from the upstream.`;
    default:
      return assertNever(view.source);
  }
}

/** One line per scope: the connection's rule, then each client with a rule of its own. */
export function ruleLines(view: ToolPolicyView, client: string | undefined): string[] {
  const everyone = `Every client: ${view.rule?.text ?? 'every tool'}.`;
  if (client !== undefined) {
    const own = view.clients.find((candidate) => candidate.name === client)?.rule;
    return [
      own
        ? `Client ${client}: ${own.text}.`
        : `Client ${client} follows the connection's rule: ${view.rule?.text ?? 'every tool'}.`,
    ];
  }
  const own = view.clients.filter((candidate) => candidate.rule !== null);
  return [
    own.length > 0 ? `${everyone.slice(0, -1)} (clients without a rule of their own).` : everyone,
    ...own.map((candidate) => `Client ${candidate.name}: ${candidate.rule!.text}.`),
  ];
}

const word = (allowed: boolean) => (allowed ? 'allowed' : 'denied');

/** The table: tool, annotations, the connection's column (or the one client's), each client's, description. */
export function toolTable(view: ToolPolicyView, client: string | undefined): string {
  const index = client === undefined ? -1 : view.clients.findIndex((candidate) => candidate.name === client);
  const clientColumns = client === undefined ? view.clients.map((candidate) => candidate.name) : [client];
  const cells = (tool: ToolRow) =>
    client === undefined
      ? [word(tool.allowed), ...tool.byClient.map(word)]
      : [word(index === -1 ? tool.allowed : tool.byClient[index]!)];
  const headers = [
    'TOOL',
    'ANNOTATIONS',
    ...(client === undefined ? ['EVERY CLIENT'] : []),
    ...clientColumns,
    'DESCRIPTION',
  ];
  const rows = view.tools.map((tool) => [
    shown(tool.name, 64),
    annotationText(tool.annotations),
    ...cells(tool),
    shown((tool.description ?? '').split('\n')[0] ?? '', 60),
  ]);
  return renderTable(headers, rows);
}
