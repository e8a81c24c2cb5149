/**
 * The tool policy on the request path. Before a request goes upstream: a `tools/call` of a tool
 * the client's rule denies is answered by the proxy (tool-refusal.ts) and nothing is sent. When it
 * goes: answers are filtered (tool-list-filter.ts) — the answer to a POST holding `tools/list`,
 * and every event of a GET stream (where a legacy server or a resumed stream delivers answers).
 * Without a rule for the client, or without tools/call and tools/list, the request is not read again.
 */
import { isAllowAll } from '../tool-policy/rule-edit.js';
import { compileRule, effectiveRule, type CompiledRule, type EffectiveRule } from '../tool-policy/tool-rule.js';
import type { ToolRule } from '../store/schema.js';
import type { RpcMessageInfo } from './jsonrpc-inspect.js';
import { hasRepeatedKey } from './repeated-keys.js';
import type { Route } from './route-table.js';
import type { ToolCatalog } from './tool-catalog.js';
import {
  filterJsonAnswer,
  MAX_FILTERED_BYTES,
  rpcIdKey,
  toolFilteringSink,
  type ListedToolCheck,
} from './tool-list-filter.js';
import type { ToolDenial, ToolRefusal } from './tool-refusal.js';
import { AnswerRewriteError, type ClientAnswer } from './upstream-exchange.js';

/** How the answer to a forwarded request is filtered. */
export interface AnswerFilter {
  /** The answer decided from the upstream's head, with the filter in front of its body. */
  wrap(answer: ClientAnswer | null): ClientAnswer | null;
}

export type ToolGate =
  | { readonly kind: 'refuse'; readonly refusal: ToolRefusal }
  | { readonly kind: 'malformed'; readonly message: string }
  | { readonly kind: 'filter'; readonly answers: AnswerFilter };

const compiled = new WeakMap<ToolRule, CompiledRule>();
function compiledRule(rule: ToolRule): CompiledRule {
  let found = compiled.get(rule);
  if (found === undefined) {
    found = compileRule(rule);
    compiled.set(rule, found);
  }
  return found;
}

/** A header's value without parameters, lower case ('' when absent). */
function headerToken(value: string | number | readonly string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return (text.split(';')[0] ?? '').trim().toLowerCase();
}

function answerFilter(check: ListedToolCheck, pending: Set<string> | undefined): AnswerFilter {
  return {
    wrap(answer) {
      if (answer === null) return null;
      const headers = answer.headers;
      const type = headerToken(headers['content-type']);
      const isJson = type === 'application/json' || type.endsWith('+json');
      if (!isJson && type !== 'text/event-stream') return answer;
      const encoding = headerToken(headers['content-encoding']);
      const encoded = encoding !== '' && encoding !== 'identity';
      if (isJson || encoded) {
        // Keyport asked for identity: an encoded body it cannot read is not relayed unread.
        const rewrite = encoded
          ? () => {
              throw new AnswerRewriteError(
                `an answer in ${encoding} encoding, which Keyport cannot read to apply the tool policy`,
              );
            }
          : (body: Buffer) => filterJsonAnswer(body, check);
        return {
          ...answer,
          stream: false,
          rewrite: { whole: { limit: MAX_FILTERED_BYTES, what: 'A tools/list answer', rewrite } },
        };
      }
      const { 'content-length': _length, ...rest } = headers;
      const previous = answer.rewrite;
      return {
        ...answer,
        headers: rest,
        rewrite: {
          through: (sink) => {
            const filtered = toolFilteringSink(sink, { check, ...(pending === undefined ? {} : { pending }) });
            return previous !== undefined && 'through' in previous ? previous.through(filtered) : filtered;
          },
        },
      };
    },
  };
}

function listedToolCheck(route: Route, rule: CompiledRule, catalog: ToolCatalog): ListedToolCheck {
  const connection = route.connection;
  return (name, readOnly) => {
    catalog.learn(connection, name, readOnly);
    return rule.decide(name, readOnly).allowed;
  };
}

export interface GateOptions {
  readonly route: Route;
  readonly client: string | null;
  readonly catalog: ToolCatalog;
}

/** The filter of a GET stream under a rule: every event is read (answers to tools/list may come on it). */
export function gateToolStream(options: GateOptions): AnswerFilter | undefined {
  const applies = effectiveRule(options.route.connection.toolPolicy, options.client);
  if (applies === undefined || isAllowAll(applies.rule)) return undefined;
  return answerFilter(listedToolCheck(options.route, compiledRule(applies.rule), options.catalog), undefined);
}

interface Message {
  readonly id?: unknown;
  readonly method?: unknown;
  readonly params?: { readonly name?: unknown } | null;
}

/** A POST's JSON-RPC body (already inspected as valid) under the client's rule. */
export function gateToolRequest(
  options: GateOptions & {
    readonly body: Buffer;
    readonly messages: readonly RpcMessageInfo[];
    /** A POST to a legacy HTTP+SSE message endpoint. */
    readonly legacy: boolean;
  },
): ToolGate | undefined {
  const { route, client, catalog } = options;
  if (!options.messages.some((info) => info.method === 'tools/call' || info.method === 'tools/list')) return undefined;
  const applies = effectiveRule(route.connection.toolPolicy, client);
  if (applies === undefined || isAllowAll(applies.rule)) return undefined;
  const rule = compiledRule(applies.rule);
  const text = options.body.toString('utf8');
  const parsed = JSON.parse(text) as Message | Message[];
  const messages = Array.isArray(parsed) ? parsed : [parsed];
  const denials: ToolDenial[] = [];
  const listed = new Set<string>();
  let calls = false;
  for (const message of messages) {
    if (message.method === 'tools/list') {
      const key = rpcIdKey(message.id);
      if (key !== undefined) listed.add(key);
    }
    if (message.method !== 'tools/call') continue;
    calls = true;
    const tool = message.params?.name;
    if (typeof tool !== 'string') continue;
    const readOnly = rule.needsAnnotations ? catalog.readOnly(route.connection, tool) : undefined;
    const verdict = rule.decide(tool, readOnly);
    if (!verdict.allowed) {
      const id = typeof message.id === 'string' || typeof message.id === 'number' ? message.id : null;
      denials.push({ id, tool, verdict });
    }
  }
  if (calls && hasRepeatedKey(text)) {
    return {
      kind: 'malformed',
      message: `The request to connection "${route.name}" has an object with a key written twice; Keyport's tool policy cannot tell which one the server reads. Send each key once.`,
    };
  }
  if (denials.length > 0) {
    const refusal = { ...refusalOf(route, client, applies, denials, parsed), legacy: options.legacy };
    return { kind: 'refuse', refusal };
  }
  if (listed.size === 0) return undefined;
  return { kind: 'filter', answers: answerFilter(listedToolCheck(route, rule, catalog), listed) };
}

function refusalOf(
  route: Route,
  client: string | null,
  applies: EffectiveRule,
  denials: readonly ToolDenial[],
  parsed: Message | Message[],
): Omit<ToolRefusal, 'legacy'> {
  const batchIds = Array.isArray(parsed)
    ? parsed.flatMap((message) =>
        typeof message.method === 'string' && (typeof message.id === 'string' || typeof message.id === 'number')
          ? [message.id]
          : [],
      )
    : null;
  return { connection: route.name, client, rule: applies.rule, scope: applies.scope, denials, batchIds };
}
