/**
 * Reads a JSON-RPC request body for metering without touching the bytes that are forwarded:
 * the methods of a single message or a batch, the tool name of `tools/call`, and the id of a
 * single request (to answer errors in kind). Arguments are never kept. Method and tool names are
 * cut to MAX_NAME_LENGTH characters: they end up as usage keys and in audit lines.
 */

export const MAX_NAME_LENGTH = 128;

export interface RpcMessageInfo {
  readonly method: string | undefined;
  /** True for a request (has an id and a method), false for notifications and responses. */
  readonly isRequest: boolean;
  readonly tool: string | undefined;
}

export type RpcInspection =
  | {
      readonly ok: true;
      readonly messages: readonly RpcMessageInfo[];
      readonly id: string | number | null;
    }
  | { readonly ok: false };

function describe(value: unknown): RpcMessageInfo {
  if (typeof value !== 'object' || value === null) return { method: undefined, isRequest: false, tool: undefined };
  const message = value as { method?: unknown; id?: unknown; params?: unknown };
  const method = typeof message.method === 'string' ? message.method : undefined;
  const isRequest = method !== undefined && (typeof message.id === 'string' || typeof message.id === 'number');
  let tool: string | undefined;
  if (method === 'tools/call' && typeof message.params === 'object' && message.params !== null) {
    const name = (message.params as { name?: unknown }).name;
    if (typeof name === 'string') tool = name.slice(0, MAX_NAME_LENGTH);
  }
  return { method: method?.slice(0, MAX_NAME_LENGTH), isRequest, tool };
}

/** A JSON-RPC 2.0 message: a request or notification (string method) or a response (id + result or error). */
function isJsonRpcMessage(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as { jsonrpc?: unknown; method?: unknown; id?: unknown };
  if (message.jsonrpc !== '2.0') return false;
  if ('method' in message) return typeof message.method === 'string';
  return 'id' in message && ('result' in message || 'error' in message);
}

export function inspectJsonRpc(body: Buffer): RpcInspection {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false };
  }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0 || !parsed.every(isJsonRpcMessage)) return { ok: false };
    return { ok: true, messages: parsed.map(describe), id: null };
  }
  if (!isJsonRpcMessage(parsed)) return { ok: false };
  const id = (parsed as { id?: unknown }).id;
  return {
    ok: true,
    messages: [describe(parsed)],
    id: typeof id === 'string' || typeof id === 'number' ? id : null,
  };
}

/** Counted calls among the messages: `tools/call` requests, or every request when countedCalls is 'all'. */
export function countedCalls(messages: readonly RpcMessageInfo[], mode: 'tools/call' | 'all'): number {
  let count = 0;
  for (const message of messages) {
    if (!message.isRequest) continue;
    if (mode === 'all' || message.method === 'tools/call') count += 1;
  }
  return count;
}
