/**
 * The proxy's own answer to a request that calls a denied tool: nothing of the request leaves the
 * machine. A single `tools/call` gets a JSON-RPC error (HTTP 200, so the session goes on) naming
 * the tool, the connection, the rule and the exact `keyport tools` command that allows it. A batch
 * holding a denied call is not sent at all: each of its requests gets an error (the denied calls
 * this one, the others BATCH_NOT_SENT) — all or nothing, so no partial batch runs upstream. On the
 * legacy HTTP+SSE transport a POST's answer is not read (answers come on the GET stream), so there
 * the refusal is an HTTP 403 whose body the client reports.
 */
import type { ServerResponse } from 'node:http';
import { assertNever } from '../errors.js';
import { isToolPattern } from '../tool-policy/tool-pattern.js';
import type { RuleScope, ToolVerdict } from '../tool-policy/tool-rule.js';
import { describeToolRule } from '../tool-policy/rule-text.js';
import type { ToolRule } from '../store/schema.js';
import { jsonRpcErrorBody, sendJsonBody, sendJsonRpcError } from './jsonrpc-error.js';
import { MAX_NAME_LENGTH } from './jsonrpc-inspect.js';

/** One denied `tools/call` of a request. */
export interface ToolDenial {
  readonly id: string | number | null;
  readonly tool: string;
  readonly verdict: Extract<ToolVerdict, { readonly allowed: false }>;
}

export interface ToolRefusal {
  readonly connection: string;
  readonly client: string | null;
  readonly rule: ToolRule;
  readonly scope: RuleScope;
  readonly denials: readonly ToolDenial[];
  /** Set for a batch: the ids of its requests in order (denied or not); null for a single message. */
  readonly batchIds: readonly (string | number)[] | null;
  /** A POST to a legacy HTTP+SSE message endpoint (`/<name>/path/…`). */
  readonly legacy: boolean;
}

/** The status of a refusal that carries errors: 200 in Streamable HTTP (the session goes on), 403 on legacy SSE. */
const errorStatus = (refusal: ToolRefusal) => (refusal.legacy ? 403 : 200);

const SAFE_WORD = /^[A-Za-z0-9_./:@-]+$/;

/** A tool name for a message: quoted, cut as audited names are, control characters as `?`. */
function shown(tool: string): string {
  const cut = tool.length > MAX_NAME_LENGTH ? `${tool.slice(0, MAX_NAME_LENGTH)}…` : tool;
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(cut).replace(/[\u0000-\u001f]/g, '?');
}

/** A tool name as a shell word, quoted when it needs to be. */
function shellWord(text: string): string {
  return SAFE_WORD.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The denied tool the audit entry names (the first of a batch), cut as every audited name is. */
export function auditedTool(refusal: ToolRefusal): string {
  return refusal.denials[0]!.tool.slice(0, MAX_NAME_LENGTH);
}

/** The command that lets `tool` through for the scope whose rule denied it. */
export function allowCommand(refusal: Pick<ToolRefusal, 'connection' | 'client' | 'scope'>, tool: string): string {
  const client = refusal.scope === 'client' && refusal.client !== null ? ` --client ${refusal.client}` : '';
  const change = isToolPattern(tool) && !tool.endsWith('*') ? `--allow ${shellWord(tool)}` : '--reset';
  return `keyport tools ${refusal.connection}${client} ${change}`;
}

export function denialMessage(refusal: ToolRefusal, denial: ToolDenial): string {
  const name = shown(denial.tool);
  const whose =
    refusal.scope === 'client'
      ? `client "${refusal.client}"'s rule`
      : refusal.client === null
        ? "the connection's rule"
        : `the connection's rule, which client "${refusal.client}" follows`;
  const policy = `Keyport's tool policy for connection "${refusal.connection}" (${whose}: ${describeToolRule(refusal.rule)})`;
  const fix = `\`${allowCommand(refusal, denial.tool)}\``;
  const verdict = denial.verdict;
  switch (verdict.because) {
    case 'deny-pattern':
      return `Tool ${name} is denied by ${policy}; the call was not sent. Allow it with ${fix}.`;
    case 'base-none':
      return `Tool ${name} is not among the tools ${policy} allows; the call was not sent. Allow it with ${fix}.`;
    case 'not-read-only':
      return `Tool ${name} is not annotated read-only, and ${policy} allows read-only tools; the call was not sent. Allow it with ${fix}.`;
    case 'annotations-unknown':
      return (
        `Tool ${name} was in no tools/list of connection "${refusal.connection}", so Keyport cannot tell it is read-only, and ${policy} ` +
        `allows read-only tools; the call was not sent. List the tools with \`keyport tools ${refusal.connection}\`, or allow it with ${fix}.`
      );
    default:
      return assertNever(verdict);
  }
}

/** Answers the request in place of the upstream; returns the HTTP status sent. */
export function sendToolRefusal(res: ServerResponse, refusal: ToolRefusal): number {
  const connection = refusal.connection;
  if (refusal.batchIds === null) {
    const denial = refusal.denials[0]!;
    if (denial.id === null) return accepted(res);
    return sendJsonRpcError(res, {
      failure: 'TOOL_DENIED',
      status: errorStatus(refusal),
      connection,
      id: denial.id,
      message: denialMessage(refusal, denial),
    });
  }
  if (refusal.batchIds.length === 0) return accepted(res);
  const first = refusal.denials[0]!;
  const notSent =
    `Not sent: this batch also calls ${shown(first.tool)}, which Keyport's tool policy for connection "${connection}" denies, ` +
    'and Keyport sends a batch whole or not at all; send the other requests without it.';
  const answers = refusal.batchIds.map((id) => {
    const denial = refusal.denials.find((candidate) => candidate.id === id);
    return denial === undefined
      ? jsonRpcErrorBody({ failure: 'BATCH_NOT_SENT', connection, id, message: notSent })
      : jsonRpcErrorBody({ failure: 'TOOL_DENIED', connection, id, message: denialMessage(refusal, denial) });
  });
  return sendJsonBody(res, errorStatus(refusal), `[${answers.join(',')}]`);
}

/** Notifications get no answer: accepted (and not sent). */
function accepted(res: ServerResponse): number {
  res.writeHead(202, { 'content-length': 0 });
  res.end();
  return 202;
}
